/// Writes a `JSONValue` as compact JSON in UTF-8, byte for byte what `JSONEncoder.compact` writes, without
/// going through `Encodable`: keys in the order of their UTF-8 bytes; `"`, `\` and the control characters
/// U+0000–U+001F escaped (`\b \t \n \f \r`, else `\u00xx` in lowercase hex); everything else, `/`, DEL,
/// U+2028/2029 and all non-ASCII text included, as it is.
///
/// Like the encoder, it refuses non-finite numbers and containers nested more than `maximumDepth` deep.
struct JSONValueWriter {
    /// The deepest nesting of arrays and objects `JSONEncoder` writes; one level more makes it throw.
    static let maximumDepth = 511

    /// Why a value has no JSON text: the encoder throws for these too.
    struct Unencodable: Error {}

    /// The UTF-8 text written so far.
    private(set) var bytes: [UInt8] = []

    /// The compact JSON text of `value`, or nil when `JSONEncoder` would throw for it.
    static func bytes(of value: JSONValue) -> [UInt8]? {
        var writer = JSONValueWriter()
        writer.bytes.reserveCapacity(estimatedCount(of: value))
        do {
            try writer.write(value, depth: 0)
        } catch {
            return nil
        }
        return writer.bytes
    }

    /// The text's length when no character needs an escape (numbers counted at their longest); it stops
    /// counting below `maximumDepth`, where the writer refuses the value anyway.
    static func estimatedCount(of value: JSONValue, depth: Int = 0) -> Int {
        guard depth <= maximumDepth else { return 0 }
        switch value {
        case .string(let string): return string.utf8.count + 2
        case .int, .double: return 24
        case .bool, .null: return 5
        case .array(let elements):
            return elements.reduce(elements.count + 1) { $0 + estimatedCount(of: $1, depth: depth + 1) }
        case .object(let members):
            return members.reduce(members.count + 1) {
                $0 + $1.key.utf8.count + 3 + estimatedCount(of: $1.value, depth: depth + 1)
            }
        }
    }

    mutating func write(_ value: JSONValue, depth: Int) throws(Unencodable) {
        switch value {
        case .string(let string): write(string: string)
        case .int(let number): write(int: number)
        case .double(let number): try write(double: number)
        case .bool(let flag): append(flag ? "true" : "false")
        case .null: append("null")
        case .array(let elements):
            guard depth < Self.maximumDepth else { throw Unencodable() }
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(element, depth: depth + 1)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            guard depth < Self.maximumDepth else { throw Unencodable() }
            bytes.append(UInt8(ascii: "{"))
            let sorted = members.sorted { Self.utf8Precedes($0.key, $1.key) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: member.key)
                bytes.append(UInt8(ascii: ":"))
                try write(member.value, depth: depth + 1)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// The encoder's key order: plain UTF-8 byte order (not Swift's `<`, which compares normalized scalars),
    /// on the strings' contiguous bytes when they have them.
    static func utf8Precedes(_ left: String, _ right: String) -> Bool {
        let contiguous = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { leftBytes.lexicographicallyPrecedes($0) }
        }
        return contiguous.flatMap { $0 } ?? left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    /// Appends text that needs no escapes.
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A quoted string: runs of bytes that need no escape are copied whole, found eight bytes at a time.
    private mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            var runStart = 0
            var index = 0
            while index < utf8.count {
                if index + 8 <= utf8.count,
                    !Self.mayNeedEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    appendEscape(of: byte)
                    runStart = index + 1
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether one of eight bytes may be a control character, `"` or `\`: never false when one is.
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        /// A byte below `limit` (at most 0x80) sets its high bit here (the "has less" bit trick).
        func hasByte(below limit: UInt64, in word: UInt64) -> Bool { (word &- ones &* limit) & ~word & highBits != 0 }
        return hasByte(below: 0x20, in: word) || hasByte(below: 1, in: word ^ (ones &* 0x22))
            || hasByte(below: 1, in: word ^ (ones &* 0x5C))
    }

    private mutating func appendEscape(of byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            append("u00")
            bytes.append(Self.hexDigit(byte >> 4))
            bytes.append(Self.hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Decimal digits, written backwards then turned around: no `String` in between.
    private mutating func write(int number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// Swift's shortest round-tripping form, as the encoder writes it: without a trailing `.0`.
    private mutating func write(double number: Double) throws(Unencodable) {
        guard number.isFinite else { throw Unencodable() }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
