import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `Date` header value of a second (`Tue, 01 Dec 2026 22:49:47 GMT`), formatted by the C library's
/// `strftime` at most once a second and shared by every connection.
enum HTTPDate {
    private static let cached = Mutex<(second: Int, text: String)>((-1, ""))

    /// The `Date` header value for `second` (seconds since the epoch).
    static func text(second: Int) -> String {
        cached.withLock { cached in
            if cached.second == second { return cached.text }
            cached = (second, format(second))
            return cached.text
        }
    }

    /// `strftime_l` with the C locale's time names (`LC_TIME_MASK` is `1 << LC_TIME`), whatever the process's
    /// locale: English day and month names.
    static func format(_ second: Int) -> String {
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 40)
        let pattern = "%a, %d %b %Y %H:%M:%S GMT"
        let count: Int
        if let posix = newlocale(Int32(1) << LC_TIME, "C", nil) {
            count = strftime_l(&buffer, buffer.count, pattern, &parts, posix)
            freelocale(posix)
        } else {
            count = strftime(&buffer, buffer.count, pattern, &parts)
        }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
