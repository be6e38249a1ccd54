import Crypto
import Foundation

/// The HMAC-SHA256 signature offboard puts on the webhooks it sends and checks on the ones it receives.
///
/// The signed message is `TIMESTAMP + "." + BODY`, where `TIMESTAMP` is Unix seconds as decimal text (the
/// `X-Offboard-Timestamp` header); the signature header is `sha256=` and the lowercase hex MAC. Receivers compare
/// in constant time and refuse timestamps outside their replay window.
public struct WebhookSignature: Sendable {
    public static let timestampHeader = "X-Offboard-Timestamp"
    public static let signatureHeader = "X-Offboard-Signature"

    let key: SymmetricKey

    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    /// `sha256=` and the hex MAC of `timestamp.body`.
    public func sign(timestamp: Int64, body: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = Array("sha256=".utf8)
        for byte in mac(timestamp: String(timestamp), body: body) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Whether `header` is the signature of `timestamp.body`, compared in constant time. `timestamp` is the
    /// header's text as received (it is signed as sent).
    public func isValid(_ header: String, timestamp: String, body: some Collection<UInt8>) -> Bool {
        guard header.hasPrefix("sha256="), let given = Self.hexBytes(header.dropFirst(7)), given.count == 32 else { return false }
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        // `isValidAuthenticationCode` compares in constant time.
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: message, using: key)
    }

    private func mac(timestamp: String, body: some Collection<UInt8>) -> HashedAuthenticationCode<SHA256> {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array(timestamp.utf8))
        hmac.update(data: [UInt8(ascii: ".")])
        hmac.update(data: Array(body))
        return hmac.finalize()
    }

    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
