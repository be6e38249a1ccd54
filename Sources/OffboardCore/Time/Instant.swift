public import Foundation

/// A point on the timeline, to the nanosecond, independent of any time zone.
///
/// Instants come from RFC 3339 text with an explicit offset (`2025-03-14T16:00:00-07:00`); they are
/// printed back in a named zone with ``Instant/rfc3339(in:)``.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64
    public let nanoseconds: Int32

    public init(secondsSinceEpoch: Int64, nanoseconds: Int32 = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "nanoseconds out of range")
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
    }

    public init(_ date: Date) {
        let t = date.timeIntervalSince1970
        let s = t.rounded(.down)
        self.init(secondsSinceEpoch: Int64(s), nanoseconds: Int32(((t - s) * 1e9).rounded(.down)))
    }

    public var date: Date {
        Date(timeIntervalSince1970: Double(secondsSinceEpoch) + Double(nanoseconds) / 1e9)
    }

    /// The instant `seconds` elapsed seconds later: physical time, so a DST change does not stretch it.
    public func adding(seconds: Int64) -> Instant {
        Instant(secondsSinceEpoch: secondsSinceEpoch + seconds, nanoseconds: nanoseconds)
    }

    /// The instant `interval` seconds later (earlier if negative), to the nanosecond: for sub-second waits.
    public func adding(interval: Double) -> Instant {
        let total = Int64(nanoseconds) + Int64((interval * 1e9).rounded())
        let carry = total >= 0 ? total / 1_000_000_000 : (total - 999_999_999) / 1_000_000_000
        return Instant(secondsSinceEpoch: secondsSinceEpoch + carry, nanoseconds: Int32(total - carry * 1_000_000_000))
    }

    /// Seconds from this instant to `other` (negative if `other` is earlier).
    public func seconds(to other: Instant) -> Double {
        Double(other.secondsSinceEpoch - secondsSinceEpoch) + Double(other.nanoseconds - nanoseconds) / 1e9
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        (lhs.secondsSinceEpoch, lhs.nanoseconds) < (rhs.secondsSinceEpoch, rhs.nanoseconds)
    }

    public var description: String { rfc3339(offsetSeconds: 0) }
}

extension Instant {
    /// Parses RFC 3339 with a required offset: `2025-03-14T16:00:00-07:00`, `…Z`, fractions allowed.
    ///
    /// A local time without an offset is rejected: it names no instant.
    public init?(rfc3339 text: String) {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard chars.count >= 20, chars[4] == 45, chars[7] == 45, chars[10] == 84 || chars[10] == 116,
            chars[13] == 58, chars[16] == 58,
            let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
            let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2),
            let date = CivilDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 60
        else { return nil }
        var index = 19
        var nanos = 0
        if chars[index] == 46 {  // fraction
            index += 1
            var digits = 0
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int(chars[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
        }
        guard index < chars.count else { return nil }
        var offset = 0
        if chars[index] == 90 || chars[index] == 122 {  // Z
            guard index + 1 == chars.count else { return nil }
        } else {
            guard chars[index] == 43 || chars[index] == 45, index + 6 == chars.count, chars[index + 3] == 58,
                let oh = number(index + 1, 2), let om = number(index + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (chars[index] == 45 ? -1 : 1)
        }
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(h * 3600 + mi * 60 + s)
        self.init(secondsSinceEpoch: local - Int64(offset), nanoseconds: Int32(nanos))
    }

    /// RFC 3339 text at a fixed offset from UTC, with a colon in the offset (`-07:00`, or `Z` for 0 only
    /// when `utcDesignator` is set).
    public func rfc3339(offsetSeconds: Int, utcDesignator: Bool = true) -> String {
        let local = secondsSinceEpoch + Int64(offsetSeconds)
        let days = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(date)T\(pad2(secondOfDay / 3600)):\(pad2(secondOfDay / 60 % 60)):\(pad2(secondOfDay % 60))"
        if nanoseconds != 0 {
            var fraction = String(nanoseconds)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        if offsetSeconds == 0 && utcDesignator { return text + "Z" }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = abs(offsetSeconds)
        return text + "\(sign)\(pad2(magnitude / 3600)):\(pad2(magnitude / 60 % 60))"
    }

    /// RFC 3339 text in `zone`, with that zone's offset at this instant (`-08:00` in winter, `-07:00` in summer).
    public func rfc3339(in zone: Zone) -> String {
        rfc3339(offsetSeconds: zone.offsetSeconds(at: self), utcDesignator: false)
    }
}
