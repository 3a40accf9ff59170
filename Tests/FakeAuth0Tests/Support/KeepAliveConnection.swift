import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One keep-alive connection to the fake: sends a request, reads exactly its response. Its blocking
/// reads run off Swift concurrency's pool (`offConcurrencyPool`); one test uses it at a time.
final class KeepAliveConnection: @unchecked Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = try connectedLoopbackSocket(port: port)
    }

    deinit { close(descriptor) }

    /// Whether the fake closed the connection (seen by `remainder`).
    private(set) var closedByPeer = false
    /// Bytes read past the last response, until the connection closes or a read times out.
    private var extra = [UInt8]()

    /// What arrives after the last response, until the fake closes the connection (or 10 s pass).
    func remainder() async throws -> String {
        try await offConcurrencyPool { self.blockingRemainder() }
    }

    private func blockingRemainder() -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { closedByPeer = true }
            if count <= 0 { break }
            extra += buffer[0..<count]
        }
        return String(decoding: extra, as: UTF8.self)
    }

    /// Sends `text` and returns the response: its head, then `Content-Length` bytes of body when it has one.
    func exchange(_ text: String, hasBody: Bool = true) async throws -> String {
        try await offConcurrencyPool { try self.blockingExchange(text, hasBody: hasBody) }
    }

    private func blockingExchange(_ text: String, hasBody: Bool) throws -> String {
        let bytes = Array(text.utf8)
        try #require(send(descriptor, bytes, bytes.count, 0) == bytes.count)
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let response = String(decoding: received, as: UTF8.self)
            if let end = response.range(of: "\r\n\r\n") {
                let length = response[..<end.lowerBound].split(separator: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
                let bodyCount = response.utf8.count - response[..<end.upperBound].utf8.count
                if !hasBody || bodyCount >= (length ?? 0) { return response }
            }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            try #require(count > 0, "the connection closed or timed out")
            received += buffer[0..<count]
        }
    }
}
