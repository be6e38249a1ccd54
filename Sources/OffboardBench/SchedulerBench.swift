import Foundation
import OffboardTesting

/// The scheduler's lateness and throughput: `offboard run` firing N webhook actions to a receiver on loopback
/// (in this process), next to the receiver's own capacity measured by a plain client in the same run.
///
/// 1. Spread: N separations whose one action comes due at whole seconds spread over `spread` seconds; lateness
///    is the receiver's arrival time minus the action's fire time (from the signed body), p50/p99/max.
/// 2. Burst: N actions all due at once; actions/s from the first arrival to the last, next to the receiver's
///    capacity (N signed POSTs from this process with the same parallelism).
struct SchedulerBench {
    let bench: Bench
    var options: BenchOptions { bench.options }
    static let secret = "bench-secret"

    func run() async throws {
        let sink = try await WebhookSink.start(secret: Self.secret)
        print("\n## scheduler: \(options.actions) webhook actions to a receiver on 127.0.0.1 (parallelism \(options.parallelism), claim ahead \(options.claimAhead ?? "default"))")
        let spread = try await scenario("spread", sink: sink, spread: options.spread)
        let lateness = spread.map(\.lateness).sorted()
        print("""
            spread over \(options.spread) s: \(lateness.count) delivered; lateness (arrival − fire time) \
            min \(ms(lateness.first ?? 0)) ms, p10 \(ms(percentile(lateness, 0.10))) ms, p50 \(ms(percentile(lateness, 0.50))) ms, p99 \(ms(percentile(lateness, 0.99))) ms, max \(ms(lateness.last ?? 0)) ms (target p99 < 50 ms)
            """)
        let burst = try await scenario("burst", sink: sink, spread: 0)
        let arrivals = burst.map(\.arrival).sorted()
        let burstRate = Double(arrivals.count) / max(0.001, (arrivals.last ?? 0) - (arrivals.first ?? 0))
        let capacity = try await receiverCapacity(sink)
        await sink.stop()
        print("""
            all due at once: \(arrivals.count) delivered at \(Int(burstRate)) actions/s; \
            the receiver alone (plain signed POSTs, same parallelism): \(Int(capacity)) requests/s; \
            scheduler / receiver: \(bench.f(burstRate / capacity))×
            """)
    }

    struct Arrival {
        var lateness: Double
        var arrival: Double
    }

    /// Imports N separations due from `lead` seconds from now over `spread` seconds, runs `offboard run` until
    /// idle, and returns each action's first arrival.
    func scenario(_ name: String, sink: WebhookSink, spread: Int) async throws -> [Arrival] {
        let dir = bench.work.appendingPathComponent("scheduler-\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("offboard.db").path
        let playbook = dir.appendingPathComponent("offboard.yaml").path
        try """
            schema: offboard-playbook/1
            connectors:
              receiver: { type: webhook, url: "\(sink.url)", secret_env: OFFBOARD_BENCH_SECRET, timeout: 10s }
              log: { type: log }
            escalation: { connector: log, targets: [bench], warn_before: [] }
            actions:
              - id: ping
                connector: receiver
                fire: { default: { at: effective_at, within: 1h } }
                retry: { attempts: 5, initial: 1s, max: 1s }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let first = Int(Date().timeIntervalSince1970) + options.lead
        let csv = dir.appendingPathComponent("due.csv").path
        var text = "event_id,employee.id,employee.work_state,separation.type,separation.effective_at,separation.last_day_worked,"
            + "benefits.group_health_plan,benefits.employer_size,benefits.plan_administrator,benefits.coverage_end\n"
        let formatter = ISO8601DateFormatter()
        for i in 0..<options.actions {
            let at = first + (spread == 0 ? 0 : i * spread / options.actions)
            let date = Date(timeIntervalSince1970: TimeInterval(at))
            let day = String(formatter.string(from: date).prefix(10))
            text += "\(name)-\(i),\(name)-E\(i),TX,involuntary,\(formatter.string(from: date)),\(day),false,50,third_party,end_of_month\n"
        }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let (importSeconds, _) = try bench.timed { try bench.sh(options.offboard, ["import", csv, "--database", db]) }
        let before = sink.deliveries.count
        let run = try Spawned(
            [options.offboard, "run", "--until-idle", "--database", db, "--playbook", playbook, "--parallelism", String(options.parallelism),
             // As in production: the HTTP API served, so commits are synced (synchronous = FULL).
             "--listen", "127.0.0.1:0"] + (options.claimAhead.map { ["--claim-ahead", $0] } ?? []),
            environment: ["OFFBOARD_BENCH_SECRET": Self.secret], output: dir.appendingPathComponent("run.log").path)
        while run.isRunning() { try await Task.sleep(nanoseconds: 20_000_000) }
        let startedLate = Int(Date().timeIntervalSince1970) > first + spread + 3600
        if startedLate { throw BenchError("the run took over an hour") }
        print("  \(name): imported \(options.actions) separations in \(bench.f(importSeconds)) s; first action due \(options.lead) s after generation")
        var seen = Set<String>()
        var arrivals: [Arrival] = []
        for delivery in sink.deliveries.dropFirst(before) where delivery.key.hasPrefix("offboard-") && seen.insert(delivery.key).inserted {
            guard let fireAt = (delivery.json["fire_at"] as? String).flatMap(formatter.date(from:)) else { continue }
            let arrival = delivery.receivedAt.timeIntervalSince1970
            arrivals.append(Arrival(lateness: arrival - fireAt.timeIntervalSince1970, arrival: arrival))
        }
        if let early = arrivals.map(\.lateness).min(), early < 0 { print("  warning: an action arrived \(ms(-early)) ms before its fire time") }
        if arrivals.count != options.actions { print("  warning: \(arrivals.count) of \(options.actions) actions arrived") }
        if Date().timeIntervalSince1970 > Double(first) + 0, importSeconds > Double(options.lead) {
            print("  warning: the import took longer than --lead; the first actions fired late because of it")
        }
        return arrivals
    }

    /// Signed POSTs of action-shaped bodies, `parallelism` at a time, with a plain HTTP client: what the receiver
    /// can take, so the scheduler's rate can be read against it.
    func receiverCapacity(_ sink: WebhookSink) async throws -> Double {
        let count = options.actions
        let started = Date()
        let script = """
            import hashlib, hmac, http.client, json, sys, threading, time
            port, count, workers, secret = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].encode()
            def work(start):
                c = http.client.HTTPConnection("127.0.0.1", port)
                for i in range(start, count, workers):
                    body = json.dumps({"idempotency_key": f"capacity-{i}"}).encode()
                    ts = str(int(time.time()))
                    sig = "sha256=" + hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
                    c.request("POST", "/hook", body, {"Content-Type": "application/json", "Idempotency-Key": f"capacity-{i}",
                              "X-Offboard-Timestamp": ts, "X-Offboard-Signature": sig})
                    c.getresponse().read()
            threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
            [t.start() for t in threads]; [t.join() for t in threads]
            """
        let client = try Spawned(["python3", "-c", script, String(sink.port), String(count), String(options.parallelism), Self.secret])
        while client.isRunning() { try await Task.sleep(nanoseconds: 20_000_000) }
        return Double(count) / Date().timeIntervalSince(started)
    }

    func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    func ms(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1000) }
}
