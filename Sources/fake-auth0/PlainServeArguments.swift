/// What a `serve` command line says plainly, read off it before ArgumentParser parses it, for the work
/// started from the process's first moment (`EarlyScenarioReading`, `EarlyStateStore`, `EarlyTenant`).
/// A wrong guess costs only that work: `serve` checks it against the parsed options before using it.
enum PlainServeArguments {
    /// `arguments` (without the program's name) after `serve`, when they are `serve`'s (or the default
    /// subcommand's), ask for no help and hold no `--` (after which nothing is an option); nil otherwise.
    static func serving(_ arguments: some Collection<String>) -> [String]? {
        var arguments = Array(arguments)
        if let first = arguments.first, !first.hasPrefix("-") {
            guard first == "serve" else { return nil }
            arguments.removeFirst()
        }
        guard !arguments.contains(where: { ["-h", "--help", "--"].contains($0) }) else { return nil }
        return arguments
    }

    /// The value of `option` (`--name`) in `arguments`: `.some(nil)` when it is not there, the value when
    /// it is given once (`--name VALUE` with a value that is not an option, or `--name=VALUE`), nil when
    /// it is given more than once or without a value.
    static func value(of option: String, in arguments: [String]) -> String?? {
        var value: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            var found: String?
            if arguments[index] == option {
                index += 1
                guard index < arguments.endIndex, !arguments[index].hasPrefix("-") else { return nil }
                found = arguments[index]
            } else if arguments[index].hasPrefix(option + "=") {
                found = String(arguments[index].dropFirst(option.count + 1))
            }
            if let found {
                guard value == nil else { return nil }
                value = found
            }
            index += 1
        }
        return .some(value)
    }
}
