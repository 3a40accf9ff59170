import FakeAuth0
import Foundation

/// Reads the RFC 822 (MIME) messages agents send through Gmail, and writes the headers Gmail shows.
public enum RFC822 {
    /// A parsed message: headers in order, and the text and HTML bodies found in its parts.
    public struct Parsed: Sendable, Equatable {
        public var headers: [Header]
        public var text: String
        public var html: String?

        /// The first value of a header, case-insensitively, with encoded words decoded.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map { RFC822.decodeWords($0.value) }
        }
    }

    /// One header line.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// Parses a message; anything unreadable ends up as text rather than an error.
    public static func parse(_ source: String) -> Parsed {
        let normalized = source.replacingOccurrences(of: "\r\n", with: "\n")
        let (headers, body) = splitHeaders(normalized)
        var parsed = Parsed(headers: headers, text: "", html: nil)
        collectBodies(headers: headers, body: body, into: &parsed)
        return parsed
    }

    static func splitHeaders(_ text: String) -> ([Header], String) {
        var headers: [Header] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.first, !line.isEmpty {
            lines = lines.dropFirst()
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(
                    .init(
                        name: String(line[..<colon]),
                        value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        return (headers, lines.dropFirst().joined(separator: "\n"))
    }

    static func collectBodies(headers: [Header], body: String, into parsed: inout Parsed) {
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        let type =
            contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? "text/plain"
        if type.hasPrefix("multipart/"), let boundary = parameter("boundary", in: contentType) {
            for part in body.components(separatedBy: "--\(boundary)").dropFirst() {
                if part.hasPrefix("--") { break }
                let (partHeaders, partBody) = splitHeaders(String(part.drop { $0 == "\n" }))
                collectBodies(headers: partHeaders, body: partBody, into: &parsed)
            }
            return
        }
        let encoding =
            headers.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased() ?? "7bit"
        let decoded = decode(body, transferEncoding: encoding).trimmingCharacters(in: .newlines)
        if type == "text/html" {
            if parsed.html == nil { parsed.html = decoded }
        } else if type.hasPrefix("text/"), parsed.text.isEmpty {
            parsed.text = decoded
        }
    }

    /// A `name=value` parameter of a header such as `Content-Type`.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func decode(_ body: String, transferEncoding: String) -> String {
        switch transferEncoding {
        case "base64":
            let compact = body.filter { !$0.isWhitespace }
            return Data(base64Encoded: compact).map { String(decoding: $0, as: UTF8.self) } ?? body
        case "quoted-printable":
            return quotedPrintable(body, underscoreIsSpace: false)
        default:
            return body
        }
    }

    static func quotedPrintable(_ text: String, underscoreIsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.first {
            input = input.dropFirst()
            if byte == UInt8(ascii: "=") {
                if input.first == UInt8(ascii: "\n") {
                    input = input.dropFirst()
                    continue
                }
                if input.count >= 2, let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16) {
                    bytes.append(value)
                    input = input.dropFirst(2)
                    continue
                }
            }
            bytes.append(underscoreIsSpace && byte == UInt8(ascii: "_") ? UInt8(ascii: " ") : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) in a header value.
    public static func decodeWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let pattern = #"=\?([^?]+)\?([bBqQ])\?([^?]*)\?="#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return value }
        var result = ""
        var last = value.startIndex
        var afterWord = false
        let matches = regex.matches(in: value, range: NSRange(value.startIndex..., in: value))
        for match in matches {
            guard let whole = Range(match.range, in: value), let kind = Range(match.range(at: 2), in: value),
                let text = Range(match.range(at: 3), in: value)
            else { continue }
            let between = String(value[last..<whole.lowerBound])
            if !afterWord || !between.allSatisfy(\.isWhitespace) { result += between }
            afterWord = true
            let payload = String(value[text])
            if value[kind].lowercased() == "b" {
                result += Data(base64Encoded: payload).map { String(decoding: $0, as: UTF8.self) } ?? payload
            } else {
                result += quotedPrintable(payload, underscoreIsSpace: true)
            }
            last = whole.upperBound
        }
        return result + value[last...]
    }

    /// Splits an address header (`Bob <bob@x>, "Doe, Jane" <jane@x>`) into its addresses.
    public static func addresses(_ header: String?) -> [String] {
        guard let header else { return [] }
        var parts: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        for char in header {
            switch char {
            case "\"": quoted.toggle()
            case "<": angle = true
            case ">": angle = false
            case "," where !quoted && !angle:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(char)
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `Tue, 24 Nov 2026 10:15:00 +0000`.
    public static func dateHeader(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offset = timeZone.secondsFromGMT(for: date)
        return String(
            format: "%@, %d %@ %04d %02d:%02d:%02d %@%02d%02d", days[c.weekday! - 1], c.day!, months[c.month! - 1],
            c.year!, c.hour!,
            c.minute!, c.second!, offset < 0 ? "-" : "+", abs(offset) / 3600, abs(offset) % 3600 / 60)
    }
}

/// Base64url as Gmail uses it for `raw` messages and body `data` (padding accepted on input).
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    public static func encode(_ text: String) -> String { encode(Data(text.utf8)) }

    /// Decodes base64url or standard base64, with or without padding.
    public static func decode(_ text: String) -> Data? {
        var base64 = text.filter { !$0.isWhitespace }.replacingOccurrences(of: "-", with: "+").replacingOccurrences(
            of: "_", with: "/")
        base64 = base64.trimmingCharacters(in: CharacterSet(charactersIn: "="))
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
