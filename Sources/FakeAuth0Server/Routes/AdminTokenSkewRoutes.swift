import FakeAuth0
import Foundation
import Hummingbird

/// `/__admin/tokens/skew`: the offset added to issued tokens' `iat`, `exp` and `nbf`
/// (`tenant.tokenSkew`).
struct AdminTokenSkewRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        let skew = router.group("/__admin/tokens/skew")
        skew.get { _, _ in response() }
        skew.post { request, _ in
            var request = request
            let body = try await request.adminJSON()
            try body.rejectUnknownFields(["seconds"], shape: #"{"seconds": N}"#)
            let seconds = try body.seconds("seconds", in: -Limits.maxSeconds...Limits.maxSeconds)
            try tenant.tokenSkew.set(seconds: seconds)
            tenant.journal.record("admin.tokens.skewed", details: ["seconds": .int(seconds)])
            return response()
        }
    }

    func response() -> Response { JSONResponse.make(json: ["seconds": .int(tenant.tokenSkew.seconds)]) }
}
