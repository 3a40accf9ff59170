import Foundation
import GRDB

/// A back-channel authorization request, from `/bc-authorize` to its redemption.
public struct CIBARequestRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "ciba_request"

    /// Where a request stands. `redeemed` means its tokens were handed out (it is single-use).
    public enum Status: String, Sendable, Codable, DatabaseValueConvertible {
        case pending, approved, denied, redeemed
    }

    public var authReqID: String
    public var clientID: String
    public var userSub: String
    public var scope: String
    public var audience: String?
    public var bindingMessage: String?
    /// The `authorization_details` array as compact JSON text.
    public var authorizationDetails: String?
    public var resource: String?
    public var createdAt: Int
    public var expiresAt: Int
    public var interval: Int
    public var status: Status
    /// The approver's scheduled decision (JSON of `CIBADecision`), applied as polls or time pass.
    public var decision: String
    public var polls: Int
    /// When the last poll arrived, in fractional seconds on the tenant clock (for `slow_down`).
    public var lastPollAt: Double?
    public var decidedAt: Int?
    /// Scope granted instead of the requested one (approve_with).
    public var grantedScope: String?
    public var acr: String?

    enum CodingKeys: String, CodingKey {
        case scope, audience, resource, interval, status, decision, polls, acr
        case authReqID = "auth_req_id"
        case clientID = "client_id"
        case userSub = "user_sub"
        case bindingMessage = "binding_message"
        case authorizationDetails = "authorization_details"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case lastPollAt = "last_poll_at"
        case decidedAt = "decided_at"
        case grantedScope = "granted_scope"
    }
}
