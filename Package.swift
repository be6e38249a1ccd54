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
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
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
        .target(
            name: "OffboardConnectors",
            dependencies: [
                "OffboardCore", "OffboardScheduler",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OffboardService",
            dependencies: [
                "OffboardCore", "OffboardRules", "OffboardStore", "OffboardScheduler", "OffboardConnectors",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["OpenAPI"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OffboardTesting",
            dependencies: [
                "OffboardConnectors",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OffboardCLI",
            dependencies: [
                "OffboardCore",
                "OffboardRules",
                "OffboardStore",
                "OffboardScheduler",
                "OffboardConnectors",
                "OffboardService",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Samples")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "OffboardCoreTests", dependencies: ["OffboardCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OffboardRulesTests",
            dependencies: ["OffboardRules", "OffboardCore"],
            // Read from the source tree by path, not bundled.
            exclude: ["HolidayReference"],
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
        .testTarget(
            name: "OffboardServiceTests",
            dependencies: ["OffboardService", "OffboardStore", "OffboardCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffboardConnectorsTests",
            dependencies: [
                "OffboardConnectors", "OffboardScheduler", "OffboardCore", "OffboardTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OffboardBench",
            dependencies: [
                "OffboardTesting", "OffboardConnectors",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffboardCLITests",
            dependencies: [
                "OffboardCLI", "OffboardTesting", "OffboardConnectors",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
