import Foundation
import NIOCore
import NIOHTTP1

/// The `200 OK` response for one JWKS or discovery document, made once and written again for every
/// request of the same second (its `Date` header names that second): the response head and the body
/// bytes, both shared by every write (a class: handing it on costs one reference).
final class DocumentResponse {
    let document: Data
    /// The second since the epoch the `Date` header names.
    let second: Int
    let head: HTTPResponseHead
    let body: ByteBuffer

    init(document: Data, second: Int, allocator: ByteBufferAllocator) {
        self.document = document
        self.second = second
        var headers = HTTPHeaders()
        headers.reserveCapacity(4)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "public, max-age=15")
        headers.add(name: "Content-Length", value: String(document.count))
        headers.add(name: "Date", value: HTTPDate.text(second: second))
        head = HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
        body = allocator.buffer(bytes: document)
    }

    /// Whether this is the response for `document` in `second`.
    func answers(_ document: Data, second: Int) -> Bool {
        self.second == second && self.document == document
    }
}
