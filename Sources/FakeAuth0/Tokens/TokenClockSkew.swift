import Synchronization

/// An offset, in seconds, added to the times of every token the tenant issues (`iat`, `exp`, and
/// `nbf`, which skewed tokens carry), so clients' leeway handling can be tested: a positive skew makes
/// tokens look issued in the future, a negative one makes them older. The tenant clock itself, and
/// refresh tokens, are not affected. 0 (no skew) when the tenant starts and after a reset.
public final class TokenClockSkew: Sendable {
    private let offset = Mutex(0)

    init() {}

    /// The current skew in seconds.
    public var seconds: Int { offset.withLock { $0 } }

    /// Sets the skew: a whole number of seconds within ten years either way, else `invalid_request`
    /// (and the skew stays as it was).
    public func set(seconds: Int) throws(OAuthError) {
        guard (-Limits.maxSeconds...Limits.maxSeconds).contains(seconds) else {
            throw .invalidRequest(
                "seconds must be a whole number between -\(Limits.maxSeconds) and \(Limits.maxSeconds)")
        }
        offset.withLock { $0 = seconds }
    }

    /// Back to no skew.
    func reset() { offset.withLock { $0 = 0 } }
}
