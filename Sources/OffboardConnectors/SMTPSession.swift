import NIOCore
import NIOPosix

/// One SMTP conversation (RFC 5321) over a TCP connection: send a command, read its reply.
struct SMTPSession {
    struct Reply {
        var code: Int
        var text: String
        var isTransient: Bool { (400..<500).contains(code) }
    }

    /// A reply outside what the step expects, or a connection failure.
    struct Failure: Error {
        var transient: Bool
        var message: String
    }

    var inbound: NIOAsyncChannelInboundStream<String>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Connects, runs `body` with the session, and closes the connection. Every read and write is bounded by
    /// `timeout` seconds in total.
    static func withSession<T: Sendable>(host: String, port: Int, timeout: Double, _ body: @escaping @Sendable (inout SMTPSession) async throws -> T) async throws -> T {
        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(transient: true, message: "cannot connect to the SMTP server: \(error)")
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var session = SMTPSession(inbound: inbound.makeAsyncIterator(), outbound: outbound)
                    return try await body(&session)
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                channel.channel.close(promise: nil)
                throw Failure(transient: true, message: "the SMTP server did not finish within \(Int(timeout)) s")
            }
            return result
        }
    }

    /// Reads one reply, joining continuation lines (`250-…`).
    mutating func reply() async throws -> Reply {
        var text: [String] = []
        while true {
            guard let line = try await inbound.next() else { throw Failure(transient: true, message: "the SMTP server closed the connection") }
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(transient: false, message: "not an SMTP reply") }
            text.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return Reply(code: code, text: text.joined(separator: " ")) }
        }
    }

    /// Sends `command` (without CRLF) and expects a reply whose code is in `expect`.
    @discardableResult
    mutating func send(_ command: String, step: String, expect: Set<Int>) async throws -> Reply {
        try await outbound.write(ByteBuffer(string: command + "\r\n"))
        return try await expectReply(step: step, expect)
    }

    @discardableResult
    mutating func expectReply(step: String, _ expect: Set<Int>) async throws -> Reply {
        let reply = try await reply()
        guard expect.contains(reply.code) else {
            throw Failure(transient: reply.isTransient, message: "SMTP \(step): \(reply.code)")
        }
        return reply
    }

    func write(_ bytes: String) async throws {
        try await outbound.write(ByteBuffer(string: bytes))
    }
}

/// Splits the byte stream into lines without their CRLF (or LF).
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPSession.Failure(transient: false, message: "an SMTP reply line is too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }
}
