/// Spans of time as people write them in the playbook and on the command line.
public enum Durations {
    /// `30s`, `15m`, `4h`, `2d`, `1w`, `0`.
    public static func seconds(_ text: String) -> Int64? {
        if text == "0" { return 0 }
        guard let unit = text.last, let n = Int64(text.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86_400
        case "w": return n * 604_800
        default: return nil
        }
    }

    /// For people: the two largest units, rounded down (`6d 15h`, `2h 5m`, `45s`).
    public static func human(_ seconds: Int64) -> String {
        let units: [(String, Int64)] = [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = max(seconds, 0)
        var parts: [String] = []
        for (unit, size) in units where rest >= size || (parts.isEmpty && size == 1) {
            parts.append("\(rest / size)\(unit)")
            rest %= size
            if parts.count == 2 { break }
        }
        return parts.isEmpty ? "0s" : parts.joined(separator: " ")
    }

    /// Exponential backoff: the longest wait before attempt `n` (none before the first, then `initial`,
    /// doubling, capped at `maximum`). The wait actually taken is uniformly random up to it (full jitter).
    public static func backoffCeiling(initial: Int64, maximum: Int64, beforeAttempt n: Int) -> Int64 {
        guard n > 1 else { return 0 }
        return min(maximum, initial << Int64(min(n - 2, 30)))
    }

    /// The shortest exact spelling: 90 → `90s`, 3600 → `1h`.
    public static func text(_ seconds: Int64) -> String {
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds != 0 && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
