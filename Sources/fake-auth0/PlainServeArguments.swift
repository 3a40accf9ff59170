/// A `serve` command line plain throughout, read without ArgumentParser (`options(_:)`): `main` serves it
/// at once, and the work started from the process's first moment (`EarlyScenarioReading`,
/// `EarlyStateStore`, `EarlyTenant`) is what it names. Any other command line goes to ArgumentParser,
/// with no work started early.
enum PlainServeArguments {
    /// The process's own command line read plainly; nil when it is not plain throughout.
    static let process: ServeOptions? = options(CommandLine.arguments.dropFirst())

    /// `arguments` (without the program's name) after `serve`, when they are `serve`'s (or the default
    /// subcommand's), ask for no help and hold no `--` (after which nothing is an option); nil otherwise.
    private static func serving(_ arguments: some Collection<String>) -> [String]? {
        var arguments = Array(arguments)
        if let first = arguments.first, !first.hasPrefix("-") {
            guard first == "serve" else { return nil }
            arguments.removeFirst()
        }
        guard !arguments.contains(where: { ["-h", "--help", "--"].contains($0) }) else { return nil }
        return arguments
    }

    /// `serve`'s options when `arguments` (without the program's name) are plain throughout: `serve`'s
    /// (or the default subcommand's), each option known, given once, as `--name VALUE` or `--name=VALUE`
    /// with a value neither empty nor option-like, each flag bare, and the values valid
    /// (`ServeOptions.validate`). ArgumentParser reads such a line the same way (a test holds them
    /// together); its first parse takes milliseconds of every start, so `main` leaves it the rest: nil
    /// here, for anything else (help, errors, other subcommands).
    static func options(_ arguments: some Collection<String>) -> ServeOptions? {
        guard let arguments = serving(arguments) else { return nil }
        var options = ServeOptions()
        var named = Set<Substring>()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else { return nil }
            var name = argument.dropFirst(2)
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = name[..<equals]
            }
            // a flag and its inversion are one option
            guard named.insert(name == "no-https" ? "https" : name).inserted else { return nil }
            switch name {
            case "https", "no-https", "ephemeral":
                guard value == nil else { return nil }
                if name == "ephemeral" { options.ephemeral = true } else { options.https = name == "https" }
                continue
            default:
                break
            }
            if value == nil, index < arguments.endIndex {
                value = arguments[index]
                index += 1
            }
            guard let value, !value.isEmpty, !value.hasPrefix("-"),
                options.set(name, to: value)
            else { return nil }
        }
        guard (try? options.validate()) != nil else { return nil }
        return options
    }
}

extension ServeOptions {
    /// Sets the option `--name` from `value` as ArgumentParser reads it; false for an unknown name or a
    /// value the option's type does not take.
    fileprivate mutating func set(_ name: Substring, to value: String) -> Bool {
        switch name {
        case "scenario": scenario = value
        case "host": host = value
        case "domain": domain = value
        case "state": state = value
        case "ready-file": readyFile = value
        case "journal": journal = value
        case "admin-token": adminToken = value
        case "log-level": logLevel = value
        // numbers as ArgumentParser reads them (`Int(_:)`, `Double(_:)`): nil is a value refused
        case "port": return Int(value).map { port = $0 } != nil
        case "https-port": return Int(value).map { httpsPort = $0 } != nil
        case "journal-size": return Int(value).map { journalSize = $0 } != nil
        case "proxy-timeout": return Double(value).map { proxyTimeout = $0 } != nil
        default: return false
        }
        return true
    }
}
