import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Who a page speaks for, shown in its header: the tenant's name and, when the page acts for an
/// application (login, consent), that application's name.
struct PageBrand: Sendable {
    var tenant: String
    var client: String?

    init(_ tenant: Tenant, client: String? = nil) {
        self.tenant = tenant.config.settings.name
        self.client = client
    }
}

/// Small helpers for the server-rendered pages: escaping and the common frame (the shared stylesheet,
/// the phone-width viewport, the tenant's and the client's names).
enum HTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// `text` as one URL path segment: unreserved characters stay, the rest is percent-encoded.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    /// A whole page. `wide` lets the content use the window's width (the dashboard); other pages keep a
    /// readable column.
    static func page(
        title: String, body: String, status: HTTPResponse.Status = .ok, brand: PageBrand? = nil, wide: Bool = false
    ) -> Response {
        Response(
            status: status, headers: headers,
            body: ResponseBody(
                byteBuffer: ByteBuffer(string: document(title: title, body: body, brand: brand, wide: wide))))
    }

    static var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // No page may be framed by another site (the dashboard's and the login page's buttons act).
        headers[.contentSecurityPolicy] = "frame-ancestors 'none'"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return headers
    }

    static func document(title: String, body: String, brand: PageBrand?, wide: Bool) -> String {
        let header =
            brand.map { brand in
                "<header class=\"brand\"><span class=\"tenant\">\(escape(brand.tenant))</span>"
                    + (brand.client.map { "<span class=\"client\">\(escape($0))</span>" } ?? "") + "</header>"
            } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <style>
            \(PageStyle.css)
            </style></head><body>
            \(header)<main\(wide ? " class=\"wide\"" : "")>
            \(body)
            </main></body></html>
            """
    }
}
