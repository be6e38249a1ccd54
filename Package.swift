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
        .library(name: "OffboardCore", targets: ["OffboardCore"]),
        .library(name: "OffboardRules", targets: ["OffboardRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
    ],
    targets: [
        .target(name: "OffboardCore", swiftSettings: swiftSettings),
        .target(
            name: "OffboardRules",
            dependencies: ["OffboardCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OffboardCLI",
            dependencies: [
                "OffboardCore",
                "OffboardRules",
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
            name: "OffboardCLITests",
            dependencies: ["OffboardCLI"],
            swiftSettings: swiftSettings
        ),
    ]
)
