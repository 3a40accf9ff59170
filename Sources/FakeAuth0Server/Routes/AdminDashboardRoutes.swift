import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// `GET /__admin`: the dashboard, an HTML view of the tenant that steers it through the control API.
/// It sits behind the same admin check as every `/__admin` route, so it is only served to a request
/// that passed it; the page itself embeds no token.
struct AdminDashboardRoutes {
    let tenant: Tenant
    let providers: Providers

    func register(on router: Router<BasicRequestContext>) {
        router.get("/__admin") { request, _ in
            var parameters: [String: String] = [:]
            for name in ["event", "client", "user"] { parameters[name] = request.query(name) }
            let page = DashboardPage(
                tenant: tenant, providers: providers, filter: try JournalQuery(parameters: parameters))
            return HTML.page(
                title: "fake-auth0 dashboard", body: try page.render(), brand: PageBrand(tenant), wide: true)
        }
    }
}
