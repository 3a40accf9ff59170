/// The host and port a proxy request names: the authority of a `CONNECT` line (`host:port`,
/// `[::1]:443`) or of an absolute URL. Hosts are lower-cased DNS names or IP literals; anything else
/// (spaces, user info, empty labels, ports outside 1…65535) is refused before it reaches a decision.
struct ProxyTarget: Sendable, Equatable, CustomStringConvertible {
    /// The host, lower-cased; IPv6 without brackets.
    let host: String
    /// The port named, or nil when the authority names none.
    let port: Int?

    var description: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(name):\($0)" } ?? name
    }

    /// Parses `host`, `host:port`, `[v6]` or `[v6]:port`; nil when it is not a plain authority.
    init?(authority: some StringProtocol) {
        let text = String(authority)
        guard !text.isEmpty, text.utf8.count <= 300 else { return nil }
        var hostPart: Substring
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            }
            guard !hostPart.isEmpty, hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return nil
            }
        } else {
            let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return nil }
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            guard Self.isDNSName(hostPart) else { return nil }
        }
        if let portPart {
            // at most five digits, so the conversion cannot overflow, then range-checked
            guard (1...5).contains(portPart.count), portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                let port = Int(portPart), (1...65535).contains(port)
            else { return nil }
            self.port = port
        } else {
            self.port = nil
        }
        host = hostPart.lowercased()
    }

    init(host: String, port: Int?) {
        self.host = host
        self.port = port
    }

    /// Letters, digits, `-` and `_` in dot-separated labels of at most 63 characters (a trailing dot allowed).
    static func isDNSName(_ name: Substring) -> Bool {
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        guard !labels.isEmpty, name.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count)
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }
}
