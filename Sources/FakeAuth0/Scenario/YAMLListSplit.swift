import Foundation

/// A big YAML text cut in two inside its longest top-level block list (a big scenario's users), so that
/// the two parts are composed at once, on two threads: the `head` (the whole document without the
/// list's later items) and the `tail` (those items, a block list on its own).
///
/// Only where the cut cannot change what the text means: no anchors (an alias in one part could not
/// see an anchor in the other), no directives or document markers, no tab in an indentation; the list
/// is a top-level key's value, written as `key:` alone on its line and followed by items that each start
/// a line at one indentation; the cut is at an item's start, outside any quoted scalar or flow
/// collection spanning lines. The lines are read with a small scanner that knows where quoted scalars,
/// flow collections and comments start; where it and libyaml could disagree, the composed list does not
/// have `items` items, and the caller composes the whole text instead.
struct YAMLListSplit: Sendable {
    /// The list's key: a plain top-level key.
    let key: String
    /// The document without the list's items from the cut on.
    let head: String
    /// The list's items from the cut on.
    let tail: String
    /// How many items the whole list has, as the scanner counts them.
    let items: Int

    /// The cut of `text`, or nil when `text` is not over `minimumBytes` or cannot be cut safely.
    init?(_ text: String, above minimumBytes: Int) {
        guard text.utf8.count > minimumBytes,
            let found = text.utf8.withContiguousStorageIfAvailable({ bytes -> (List, String, String)? in
                guard Self.index(of: UInt8(ascii: "&"), in: bytes, from: 0) == nil,
                    let list = Self.longestList(in: bytes), let cut = Self.cut(list, total: bytes.count)
                else { return nil }
                var head = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<cut]), as: UTF8.self)
                head += String(decoding: UnsafeBufferPointer(rebasing: bytes[list.end...]), as: UTF8.self)
                return (
                    list, head, String(decoding: UnsafeBufferPointer(rebasing: bytes[cut..<list.end]), as: UTF8.self)
                )
            }) ?? nil
        else { return nil }
        (key, head, tail, items) = (found.0.key, found.1, found.2, found.0.starts.count)
    }

    /// Where `byte` is first found in `bytes` from `start` on (`memchr`).
    static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// A top-level key's block list: where its items start and where the list ends.
    struct List {
        var key: String
        var indent: Int
        var starts: [Int]
        var end: Int

        /// Bytes from the first item's start to the list's end.
        var span: Int { end - (starts.first ?? end) }
    }

    /// The item start nearest the point where head and tail are the same size (never the first item).
    static func cut(_ list: List, total: Int) -> Int? {
        guard list.starts.count >= 2 else { return nil }
        let balance = list.end - total / 2
        return list.starts.dropFirst().min { abs($0 - balance) < abs($1 - balance) }
    }

    /// The longest top-level block list of `bytes`, nil when there is none or the text has what the cut
    /// must not meet (a directive, a document marker, a tab in an indentation).
    static func longestList(in bytes: UnsafeBufferPointer<UInt8>) -> List? {
        var scanner = LineScanner()
        var best: List?
        var open: List?  // the list being read
        var pendingKey: String?  // a `key:` line read, its value not yet seen
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = Self.index(of: UInt8(ascii: "\n"), in: bytes, from: lineStart) ?? bytes.count
            let line = Line(bytes: bytes, start: lineStart, end: lineEnd)
            if scanner.isClean {
                if line.hasTabIndentation || (line.indent == 0 && line.isMarker) { return nil }
                if !line.isBlankOrComment {
                    // `open` is changed in place: a copy of its item starts would be copied again at each new one
                    if let indent = open?.indent, line.indent <= indent {
                        if line.indent == indent, line.isItemStart {
                            open?.starts.append(lineStart)
                        } else {
                            open?.end = lineStart
                            if let ended = open, ended.span > best?.span ?? 0 { best = ended }
                            open = nil
                        }
                    }
                    if open == nil {
                        if let key = pendingKey, line.isItemStart {
                            open = List(key: key, indent: line.indent, starts: [lineStart], end: bytes.count)
                        }
                        pendingKey = line.indent == 0 ? line.bareKey : nil
                    } else {
                        pendingKey = nil
                    }
                }
            }
            scanner.scan(line)
            lineStart = lineEnd + 1
        }
        if let ended = open, ended.span > best?.span ?? 0 { best = ended }
        return best
    }

    /// One line of the text, without its line feed.
    struct Line {
        let bytes: UnsafeBufferPointer<UInt8>
        let start: Int
        let end: Int
        /// Spaces before the first other byte.
        let indent: Int

        init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
            var index = start
            while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
            (self.bytes, self.start, self.end, indent) = (bytes, start, end, index - start)
        }

        private var contentStart: Int { start + indent }

        /// Nothing but spaces, or a comment.
        var isBlankOrComment: Bool {
            let first = contentStart
            return first == end || bytes[first] == UInt8(ascii: "#") || bytes[first..<end].allSatisfy(Self.isSpace)
        }

        /// A tab among the leading blanks.
        var hasTabIndentation: Bool { contentStart < end && bytes[contentStart] == UInt8(ascii: "\t") }

        /// `---`, `...` or a `%` directive at the start of the line.
        var isMarker: Bool {
            let text = bytes[start..<end]
            return text.starts(with: "---".utf8) || text.starts(with: "...".utf8)
                || text.first == UInt8(ascii: "%")
        }

        /// `-` followed by a space or nothing: a block list's item.
        var isItemStart: Bool {
            let dash = contentStart
            guard dash < end, bytes[dash] == UInt8(ascii: "-") else { return false }
            return dash + 1 == end || Self.isSpace(bytes[dash + 1])
        }

        /// The key of a line that is `key:` alone (a plain key of letters, digits, `_`, `-` and `.`;
        /// then blanks or a comment), nil for any other line.
        var bareKey: String? {
            guard let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")), colon > start else { return nil }
            guard bytes[start..<colon].allSatisfy(Self.isKeyByte) else { return nil }
            let rest = bytes[(colon + 1)..<end]
            guard let first = rest.firstIndex(where: { !Self.isSpace($0) }) else {
                return String(decoding: bytes[start..<colon], as: UTF8.self)
            }
            guard bytes[first] == UInt8(ascii: "#"), first > colon + 1 else { return nil }
            return String(decoding: bytes[start..<colon], as: UTF8.self)
        }

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
        }

        static func isKeyByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                return true
            default: return false
            }
        }
    }

    /// Follows quoted scalars and flow collections from line to line: a line that starts inside one is
    /// not where a list item can start.
    struct LineScanner {
        private var inDoubleQuotes = false
        private var inSingleQuotes = false
        private var flowDepth = 0

        /// `"`, `'`, `[`, `]`, `{` or `}`: a bit test on two words rather than a jump per byte. (A tag
        /// alone changes nothing: only with a quote or a bracket after it.)
        static func opensOrCloses(_ byte: UInt8) -> Bool {
            let below64: UInt64 = 1 << 34 | 1 << 39
            let from64: UInt64 = 1 << (91 - 64) | 1 << (93 - 64) | 1 << (123 - 64) | 1 << (125 - 64)
            return byte < 64 ? below64 >> byte & 1 == 1 : byte < 128 && from64 >> (byte - 64) & 1 == 1
        }

        /// Whether the next line starts outside any quoted scalar and flow collection.
        var isClean: Bool { !inDoubleQuotes && !inSingleQuotes && flowDepth == 0 }

        mutating func scan(_ line: Line) {
            let bytes = line.bytes
            // Most lines have no quote and no bracket: outside any, such a line changes nothing.
            if isClean, !bytes[line.start..<line.end].contains(where: Self.opensOrCloses) { return }
            var index = line.start
            var valueStarts = true  // where a quoted scalar or a flow collection may start
            while index < line.end {
                let byte = bytes[index]
                if inDoubleQuotes {
                    if byte == UInt8(ascii: "\\") {
                        index += 2
                        continue
                    }
                    if byte == UInt8(ascii: "\"") { inDoubleQuotes = false }
                    index += 1
                    valueStarts = false
                    continue
                }
                if inSingleQuotes {
                    if byte == UInt8(ascii: "'") {
                        if index + 1 < line.end, bytes[index + 1] == UInt8(ascii: "'") {
                            index += 2
                            continue
                        }
                        inSingleQuotes = false
                    }
                    index += 1
                    valueStarts = false
                    continue
                }
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    break  // blanks keep what came before
                case UInt8(ascii: "#") where index == line.start || Line.isSpace(bytes[index - 1]):
                    return  // a comment to the end of the line
                case UInt8(ascii: "!") where valueStarts:
                    // a tag: the value (a quoted scalar, perhaps) starts after it
                    while index + 1 < line.end, !Line.isSpace(bytes[index + 1]) { index += 1 }
                case UInt8(ascii: "\"") where valueStarts:
                    inDoubleQuotes = true
                    valueStarts = false
                case UInt8(ascii: "'") where valueStarts:
                    inSingleQuotes = true
                    valueStarts = false
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if valueStarts || flowDepth > 0 { flowDepth += 1 }
                    valueStarts = flowDepth > 0
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if flowDepth > 0 { flowDepth -= 1 }
                    valueStarts = false
                case UInt8(ascii: ","):
                    valueStarts = flowDepth > 0
                case UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "?"):
                    valueStarts =
                        index + 1 == line.end || Line.isSpace(bytes[index + 1])
                        || (flowDepth > 0 && byte == UInt8(ascii: ":"))
                default:
                    valueStarts = false
                }
                index += 1
            }
        }
    }
}
