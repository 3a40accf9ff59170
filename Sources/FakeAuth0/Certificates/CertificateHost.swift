import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A name the HTTPS server certificate is valid for: one `subjectAltName` entry, a DNS name or an IP address.
public enum CertificateHost: Sendable, Hashable, CustomStringConvertible {
    /// A DNS name, lower-cased, e.g. `localhost`.
    case dns(String)
    /// An IP address in network byte order: 4 bytes (IPv4) or 16 (IPv6).
    case ip([UInt8])

    /// The third-party API hosts the fake answers for, so clients can be pointed at it through a hosts file.
    public static let providerHosts = [
        "gmail.googleapis.com", "www.googleapis.com", "api.github.com", "slack.com", "graph.microsoft.com",
        "*.my.salesforce.com",
    ]

    /// Parses `localhost`, `127.0.0.1`, `::1` or `[::1]`; nil for an empty name.
    public init?(_ text: String) {
        let name = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        guard !name.isEmpty else { return nil }
        if let bytes = Self.addressBytes(name) {
            self = .ip(bytes)
        } else {
            self = .dns(name.lowercased())
        }
    }

    /// Every name the server certificate must carry: `localhost`, `127.0.0.1`, `::1`, the provider hosts,
    /// the `extra` hosts (the scenario's declared stub APIs), the host of `domain` (without its port) and
    /// `bindHost` when it is a specific address.
    public static func serverHosts(domain: String?, bindHost: String? = nil, extra: [String] = []) -> Set<
        CertificateHost
    > {
        var names = ["localhost", "127.0.0.1", "::1"] + providerHosts + extra
        if let domain { names.append(hostPart(ofDomain: domain)) }
        if let bindHost, !["0.0.0.0", "::", "[::]"].contains(bindHost) { names.append(bindHost) }
        return Set(names.compactMap(CertificateHost.init))
    }

    /// `tenant.example` from `tenant.example:443`, `::1` from `[::1]:4443`; a bare IPv6 address stays whole.
    static func hostPart(ofDomain domain: String) -> String {
        if domain.hasPrefix("["), let close = domain.firstIndex(of: "]") {
            return String(domain[domain.index(after: domain.startIndex)..<close])
        }
        let colons = domain.filter { $0 == ":" }.count
        if colons == 1, let colon = domain.firstIndex(of: ":") { return String(domain[..<colon]) }
        return domain
    }

    public var description: String {
        switch self {
        case .dns(let name): return name
        case .ip(let bytes): return Self.addressText(bytes) ?? bytes.map(String.init).joined(separator: ".")
        }
    }

    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }

    static func addressText(_ bytes: [UInt8]) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var buffer = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
