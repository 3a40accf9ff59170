import FakeAuth0
import Foundation

/// The login page: pick a scenario user, enter an email and password, or continue with a social
/// connection as one of the users.
enum LoginPage {
    static func render(_ prompt: LoginPrompt) -> String {
        let tx = "<input type=\"hidden\" name=\"tx\" value=\"\(HTML.escape(prompt.transactionID))\">"
        let title = prompt.signup ? "Sign up" : "Log in"
        let error = prompt.error.map { "<p id=\"error\" class=\"error\">\(HTML.escape($0))</p>" } ?? ""
        let users = prompt.users.map { user in
            let label = [user.name, user.email].compactMap { $0 }.joined(separator: " · ")
            return """
                <form method="post" action="/login" class="pick">\(tx)<input type="hidden" name="user" value="\(HTML.escape(user.sub))">
                <button type="submit" class="user" data-sub="\(HTML.escape(user.sub))">\(HTML.escape(label.isEmpty ? user.sub : label))</button></form>
                """
        }.joined()
        let socials = (prompt.connection.map { [$0] } ?? prompt.socialConnections).map { connection in
            let options = prompt.users.map {
                "<option value=\"\(HTML.escape($0.sub))\">\(HTML.escape($0.email ?? $0.sub))</option>"
            }.joined()
            return """
                <form method="post" action="/login" class="social">\(tx)<input type="hidden" name="connection" value="\(HTML.escape(connection.name))">
                <select name="user" aria-label="Account">\(options)</select>
                <button type="submit" data-connection="\(HTML.escape(connection.name))">Continue with \(HTML.escape(connection.displayName))</button></form>
                """
        }.joined()
        return """
            <h1>\(title) to \(HTML.escape(prompt.clientName))</h1>
            \(error)
            <form method="post" action="/login" id="password-login" class="card">\(tx)
            <label>Email <input type="email" name="email" value="\(HTML.escape(prompt.loginHint ?? ""))" autocomplete="username"></label>
            <label>Password <input type="password" name="password" autocomplete="current-password"></label>
            <button type="submit" class="approve">Continue</button></form>
            \(socials.isEmpty ? "" : "<h2>Or</h2><div class=\"card\">" + socials + "</div>")
            <h2>Test users</h2><div class="card">\(users)</div>
            """
    }
}
