import FakeAuth0
import Foundation

/// The test scenario with Alice connected to Salesforce (`sfdc`), Microsoft (`windowslive`) and a
/// declared Spotify-like API (`spotify`), her fixtures holding Salesforce records and an Outlook mailbox.
enum UpstreamScenario {
    static func make(configure: (inout Scenario) -> Void = { _ in }) throws -> Scenario {
        try TestScenario.make { scenario in
            scenario.connections += [
                ConnectionConfig(name: "sfdc", strategy: "salesforce"),
                ConnectionConfig(name: "windowslive"),
                ConnectionConfig(name: "spotify", strategy: "oauth2"),
            ]
            let alice = scenario.users.firstIndex { $0.sub == "auth0|alice" }!
            scenario.users[alice].connectedAccounts += [
                ConnectedAccountConfig(connection: "sfdc", scopes: ["api", "refresh_token"]),
                ConnectedAccountConfig(
                    connection: "windowslive",
                    scopes: [
                        "openid", "User.Read", "https://graph.microsoft.com/Mail.Read", "Mail.Send",
                        "Calendars.ReadWrite",
                    ]),
                ConnectedAccountConfig(connection: "spotify", scopes: ["user-read-private"]),
            ]
            scenario.upstreamAPIs["spotify"] = UpstreamAPIConfig(
                hosts: ["api.spotify.com"],
                routes: [
                    UpstreamRouteConfig(
                        path: "/v1/me", scopes: ["user-read-private"],
                        response: ["id": "{user.given_name}", "email": "{user.email}", "country": "{query.market}"]),
                    UpstreamRouteConfig(
                        path: "/v1/albums/{id}", scopes: ["user-read-private"],
                        response: ["id": "{id}", "name": "Album {id}"]),
                    UpstreamRouteConfig(
                        method: "PUT", path: "/v1/me/player/play", scopes: ["user-modify-playback-state"], status: 204),
                ],
                unauthorized: UpstreamRefusal(status: 401, body: ["error": ["status": 401, "message": "{reason}"]]))
            configure(&scenario)
        }
    }
}
