import Foundation

/// Runs a storage or signing step, turning an unexpected failure into a `server_error` (an
/// `OAuthError` passes through unchanged).
package func internalStep<T>(_ what: String, _ body: () async throws -> T) async throws(OAuthError) -> T {
    do {
        return try await body()
    } catch let error as OAuthError {
        throw error
    } catch {
        throw .serverError("\(what) failed: \(error)")
    }
}

/// Runs a synchronous state-store step the same way: a store failure becomes a `server_error`.
package func storeStep<T>(_ body: () throws -> T) throws(OAuthError) -> T {
    do {
        return try body()
    } catch let error as OAuthError {
        throw error
    } catch {
        throw .serverError("state store: \(error)")
    }
}
