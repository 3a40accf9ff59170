import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// Slack Web API answers: `{"ok":true,…}` and `{"ok":false,"error":…}`, HTTP 200 like Slack unless the
/// scenario asks for HTTP 401/403 on authentication failures.
enum SlackResponses {
    static func ok(_ fields: [String: JSONValue], scopes: [String], accepted: [String] = []) -> Response {
        var json = fields
        json["ok"] = true
        return JSONResponse.make(
            json: json,
            headers: [
                "X-OAuth-Scopes": scopes.joined(separator: ","),
                "X-Accepted-OAuth-Scopes": accepted.joined(separator: ","),
            ])
    }

    static func failure(_ code: String, status: Int = 200, extra: [String: JSONValue] = [:]) -> Response {
        var json: [String: JSONValue] = ["ok": false, "error": .string(code)]
        json.merge(extra) { _, new in new }
        return JSONResponse.make(status: .init(code: status), json: json)
    }

    /// `not_authed`, `invalid_auth`, `token_revoked`, `token_expired` or `missing_scope` (with `needed`
    /// and `provided`).
    static func auth(_ failure: ProviderAuthFailure, asHTTPErrors: Bool) -> Response {
        let status = asHTTPErrors ? 401 : 200
        switch failure {
        case .missingToken: return self.failure("not_authed", status: status)
        case .invalidToken: return self.failure("invalid_auth", status: status)
        case .revoked: return self.failure("token_revoked", status: status)
        case .expired: return self.failure("token_expired", status: status)
        case .insufficientScope(let needed, let granted):
            return self.failure(
                "missing_scope", status: asHTTPErrors ? 403 : 200,
                extra: ["needed": .string(needed.first ?? ""), "provided": .string(granted.joined(separator: ","))])
        }
    }

    static func unknownMethod(_ path: String) -> Response {
        failure("unknown_method", extra: ["req_method": .string(String(path.split(separator: "/").last ?? ""))])
    }
}

/// Slack Web API representations.
enum SlackJSON {
    static func channel(_ channel: SlackChannel, workspace: SlackWorkspace) -> JSONValue {
        func text(_ value: String?) -> JSONValue {
            [
                "value": .string(value ?? ""), "creator": .string(value == nil ? "" : channel.creator),
                "last_set": .int(value == nil ? 0 : channel.created),
            ]
        }
        return [
            "id": .string(channel.id), "name": .string(channel.name), "is_channel": true, "is_group": false,
            "is_im": false,
            "is_mpim": false, "is_private": .bool(channel.isPrivate), "created": .int(channel.created),
            "is_archived": .bool(channel.archived), "is_general": .bool(channel.general), "unlinked": 0,
            "name_normalized": .string(channel.name), "is_shared": false, "is_org_shared": false,
            "is_pending_ext_shared": false,
            "pending_shared": [], "context_team_id": .string(workspace.team.id),
            "updated": .int(channel.created * 1000),
            "parent_conversation": .null, "creator": .string(channel.creator), "is_ext_shared": false,
            "shared_team_ids": [.string(workspace.team.id)], "pending_connected_team_ids": [],
            "is_member": .bool(channel.members.contains(workspace.selfID)), "topic": text(channel.topic),
            "purpose": text(channel.purpose),
            "previous_names": [], "num_members": .int(channel.members.count),
        ]
    }

    static func message(_ message: SlackMessage, team: String) -> JSONValue {
        var json: [String: JSONValue] = [
            "type": "message", "user": .string(message.user), "text": .string(message.text), "ts": .string(message.ts),
            "team": .string(team),
        ]
        if let thread = message.threadTS { json["thread_ts"] = .string(thread) }
        if let blocks = message.blocks { json["blocks"] = blocks }
        return .object(json)
    }

    static func user(_ user: SlackUserFixture, team: String, showEmail: Bool) -> JSONValue {
        let parts = (user.realName ?? user.name).split(separator: " ", maxSplits: 1).map(String.init)
        var profile: [String: JSONValue] = [
            "real_name": .string(user.realName ?? user.name),
            "real_name_normalized": .string(user.realName ?? user.name),
            "display_name": .string(user.name), "display_name_normalized": .string(user.name),
            "title": .string(user.title ?? ""),
            "first_name": .string(parts.first ?? ""), "last_name": .string(parts.count > 1 ? parts[1] : ""),
            "team": .string(team),
            "image_72": .string("https://avatars.slack-edge.com/\(user.id)_72.png"), "status_text": "",
            "status_emoji": "",
        ]
        if showEmail, let email = user.email { profile["email"] = .string(email) }
        let zone = user.tz.flatMap(TimeZone.init(identifier:)) ?? RFC3339.utc
        return [
            "id": .string(user.id), "team_id": .string(team), "name": .string(user.name),
            "deleted": .bool(user.deleted),
            "color": "9f69e7", "real_name": .string(user.realName ?? user.name), "tz": .string(zone.identifier),
            "tz_label": .string(
                zone.localizedName(for: .standard, locale: Locale(identifier: "en_US")) ?? zone.identifier),
            "tz_offset": .int(zone.secondsFromGMT()), "profile": .object(profile), "is_admin": .bool(user.isAdmin),
            "is_owner": false,
            "is_primary_owner": false, "is_restricted": false, "is_ultra_restricted": false,
            "is_bot": .bool(user.isBot),
            "is_app_user": false, "updated": 1_700_000_000, "is_email_confirmed": true,
        ]
    }
}
