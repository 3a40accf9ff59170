import Foundation

/// The protected header of a compact JWS, read before any signature check so that a token can only
/// choose among the algorithms and keys the tenant itself uses (no `none`, no HMAC with a public key,
/// no key picked by default when `kid` is missing).
struct JOSEHeader: Decodable, Equatable {
    var alg: String?
    var kid: String?

    /// The header of `token`; nil when it is not a base64url JSON object.
    init?(token: String) {
        guard let segment = token.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first,
            let data = Data(base64URLEncoded: String(segment)),
            let header = try? JSONDecoder().decode(JOSEHeader.self, from: data)
        else { return nil }
        self = header
    }
}

/// A token whose header names another algorithm or an unknown key.
struct UnacceptedJOSEHeader: Error {}

extension Data {
    /// Decodes base64url without padding, as JOSE writes it.
    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
