// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Crossdock",
    products: [
        .executable(name: "crossdock", targets: ["crossdock"])
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .target(name: "CrossdockDomain"),
        .target(name: "CrossdockStore", dependencies: ["CSQLite", "CPostgres", "CrossdockDomain"]),
        .target(name: "CrossdockHTTP", dependencies: ["CMicroHTTPD"]),
        .target(name: "CrossdockConnectors", dependencies: ["CrossdockDomain", "CrossdockHTTP"]),
        .target(name: "CrossdockSync", dependencies: ["CrossdockDomain", "CrossdockStore", "CrossdockConnectors"]),
        .target(
            name: "CrossdockServer",
            dependencies: ["CrossdockDomain", "CrossdockStore", "CrossdockHTTP", "CrossdockSync"]
        ),
        .target(
            name: "CrossdockSandbox",
            dependencies: ["CrossdockDomain", "CrossdockHTTP"],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "crossdock",
            dependencies: ["CrossdockServer", "CrossdockSandbox", "CrossdockSync", "CrossdockStore"]
        ),
        .testTarget(
            name: "CrossdockTests",
            dependencies: [
                "CrossdockDomain", "CrossdockStore", "CrossdockHTTP", "CrossdockConnectors",
                "CrossdockSync", "CrossdockServer", "CrossdockSandbox",
            ]
        ),
    ]
)
