import Foundation
import Synchronization

/// The counters `GET /metrics` reports (Prometheus text format), updated by the API and the scheduler.
/// Gauges that live in the store (pending actions, overdue obligations, open escalations) are read at scrape
/// time instead.
public final class ServiceMetrics: Sendable {
    /// Upper bounds of the fire-lateness histogram, in seconds.
    public static let latenessBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300, 3600]

    private struct State {
        var events: [String: Int] = [:]
        var fired: [String: Int] = [:]
        var bucketCounts = [Int](repeating: 0, count: ServiceMetrics.latenessBuckets.count)
        var latenessCount = 0
        var latenessSum = 0.0
    }

    private let state = Mutex(State())

    public init() {}

    /// An intake request ended with `outcome` (accepted, duplicate, invalid, unauthorized, too_large,
    /// unsupported_media_type, conflict, error).
    public func eventReceived(_ outcome: String) {
        state.withLock { $0.events[outcome, default: 0] += 1 }
    }

    /// What the scheduler reports.
    public func record(_ event: SchedulerEvent) {
        guard case let .fired(connector, outcome, attempt, lateness) = event else { return }
        state.withLock { state in
            state.fired["\(connector)\u{0}\(outcome)", default: 0] += 1
            guard attempt == 1 else { return }  // lateness is about first attempts: retries wait on purpose
            state.latenessCount += 1
            state.latenessSum += max(lateness, 0)
            for (i, bound) in Self.latenessBuckets.enumerated() where lateness <= bound { state.bucketCounts[i] += 1 }
        }
    }

    /// The exposition text, with the store's gauges.
    public func render(pendingActions: Int, overdueObligations: Int, openEscalations: Int) -> String {
        let s = state.withLock { $0 }
        var out = ""
        out += "# HELP offboard_events_received_total Termination events received over HTTP, by outcome.\n"
        out += "# TYPE offboard_events_received_total counter\n"
        for (outcome, n) in s.events.sorted(by: { $0.key < $1.key }) {
            out += "offboard_events_received_total{outcome=\"\(outcome)\"} \(n)\n"
        }
        out += "# HELP offboard_actions_fired_total Connector calls made by the scheduler, by connector and outcome.\n"
        out += "# TYPE offboard_actions_fired_total counter\n"
        for (key, n) in s.fired.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            out += "offboard_actions_fired_total{connector=\"\(Self.escape(String(parts[0])))\",outcome=\"\(parts[1])\"} \(n)\n"
        }
        out += "# HELP offboard_actions_pending Actions pending, running or blocked.\n# TYPE offboard_actions_pending gauge\n"
        out += "offboard_actions_pending \(pendingActions)\n"
        out += "# HELP offboard_obligations_overdue Pending obligations past their deadline.\n# TYPE offboard_obligations_overdue gauge\n"
        out += "offboard_obligations_overdue \(overdueObligations)\n"
        out += "# HELP offboard_escalations_open Escalations not yet acknowledged.\n# TYPE offboard_escalations_open gauge\n"
        out += "offboard_escalations_open \(openEscalations)\n"
        out += "# HELP offboard_fire_lateness_seconds First attempts: time from an action's fire time to its call.\n"
        out += "# TYPE offboard_fire_lateness_seconds histogram\n"
        for (i, bound) in Self.latenessBuckets.enumerated() {
            out += "offboard_fire_lateness_seconds_bucket{le=\"\(bound)\"} \(s.bucketCounts[i])\n"
        }
        out += "offboard_fire_lateness_seconds_bucket{le=\"+Inf\"} \(s.latenessCount)\n"
        out += "offboard_fire_lateness_seconds_sum \(s.latenessSum)\n"
        out += "offboard_fire_lateness_seconds_count \(s.latenessCount)\n"
        return out
    }

    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
