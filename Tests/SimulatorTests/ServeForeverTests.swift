import Foundation
import Testing
@testable import Simulator

/// Not a test: with `LLMBENCH_SIM_SERVE_PORT=N` set, serves the simulator on that port for
/// `LLMBENCH_SIM_SERVE_SECONDS` (default 60) so external clients (the official SDKs) can be
/// checked by hand. Skipped otherwise.
@Suite struct ServeForever {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LLMBENCH_SIM_SERVE_PORT"] != nil))
    func serve() throws {
        let env = ProcessInfo.processInfo.environment
        let port = UInt16(env["LLMBENCH_SIM_SERVE_PORT"] ?? "") ?? 8089
        let seconds = Double(env["LLMBENCH_SIM_SERVE_SECONDS"] ?? "") ?? 60
        let faults = try FaultConfig.parse(env["LLMBENCH_SIM_FAULTS"] ?? "")
        let server = SimulatorServer(config: SimulatorConfig(faults: faults, timeScale: Double(env["LLMBENCH_SIM_TIME_SCALE"] ?? "") ?? 0.1))
        try server.start(port: port)
        print("simulator listening on 127.0.0.1:\(server.port)")
        Thread.sleep(forTimeInterval: seconds)
        print("stats: \(server.stats)")
        server.stop()
    }
}
