import Foundation

/// The ranges every number of a fault must fall in, so no value from outside reaches arithmetic or a
/// sleep unchecked.
public enum FaultLimits {
    /// The longest `latency`, in milliseconds.
    public static let maxLatency = 30_000
    /// The longest `hang`, in milliseconds.
    public static let maxHang = 120_000
    /// The largest `retry_after`, in seconds.
    public static let maxRetryAfter = 86_400
    /// The largest `times` and `after`.
    public static let maxCount = 1_000_000
    /// The most faults a tenant holds at once.
    public static let maxFaults = 1_000
}
