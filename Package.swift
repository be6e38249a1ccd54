// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "offboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "offboard", targets: ["OffboardCLI"]),
        .executable(name: "offboard-bench", targets: ["OffboardBench"]),
        .library(name: "OffboardCore", targets: ["OffboardCore"]),
        .library(name: "OffboardRules", targets: ["OffboardRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
    ],
    targets: [
        .target(name: "OffboardCore", swiftSettings: swiftSettings),
        .target(
            name: "OffboardRules",
            dependencies: ["OffboardCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OffboardStore",
            dependencies: [
                "OffboardCore", "OffboardRules",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OffboardScheduler",
            dependencies: ["OffboardCore", "OffboardRules"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OffboardCLI",
            dependencies: [
                "OffboardCore",
                "OffboardRules",
                "OffboardStore",
                "OffboardScheduler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Samples")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "OffboardCoreTests", dependencies: ["OffboardCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OffboardRulesTests",
            dependencies: ["OffboardRules", "OffboardCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffboardStoreTests",
            dependencies: ["OffboardStore", "OffboardRules", "OffboardCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffboardSchedulerTests",
            dependencies: ["OffboardScheduler", "OffboardRules", "OffboardCore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OffboardBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffboardCLITests",
            dependencies: ["OffboardCLI"],
            swiftSettings: swiftSettings
        ),
    ]
)
