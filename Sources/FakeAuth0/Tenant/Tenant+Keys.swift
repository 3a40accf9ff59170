import Foundation

extension Tenant {
    /// Rotates the signing key (`POST /__admin/keys/rotate`): a new key signs and comes first in the
    /// JWKS; the previous one stays published for `graceSeconds` on the tenant clock, then is dropped
    /// and its tokens stop verifying. Recorded in the journal as `keys.rotated`.
    @discardableResult
    public func rotateSigningKey(graceSeconds: Int) async throws(OAuthError) -> SigningKeyRotation {
        let rotation = try await keys.rotate(graceSeconds: graceSeconds)
        journal.record(
            "keys.rotated",
            details: [
                "kid": .string(rotation.kid), "previous_kid": .string(rotation.previousKID),
                "grace_seconds": .int(graceSeconds), "previous_drops_at": .int(rotation.previousDropsAt),
            ])
        return rotation
    }
}
