import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Small helpers for the server-rendered pages: escaping and a common frame.
enum HTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func page(title: String, body: String, status: HTTPResponse.Status = .ok) -> Response {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
            .request{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}
            .binding{font-size:1.2rem;font-weight:600}
            dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
            dt{color:#666} button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}
            .approve{background:#0a7d2c;color:#fff;border:0;border-radius:6px}
            .deny{background:#b3261e;color:#fff;border:0;border-radius:6px}
            </style></head><body>
            \(body)
            </body></html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
