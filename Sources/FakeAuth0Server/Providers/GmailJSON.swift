import FakeAuth0
import FakeProviders
import Foundation

/// Gmail API representations of messages, threads and drafts.
enum GmailJSON {
    /// A message in one of Gmail's formats: `minimal`, `metadata` (headers only, optionally just
    /// `metadataHeaders`), `full` (headers and base64url bodies) or `raw` (the RFC 822 source).
    static func message(_ message: MailMessage, format: String, metadataHeaders: [String] = [], timeZone: TimeZone)
        -> JSONValue
    {
        let source = message.source(timeZone: timeZone)
        var json: [String: JSONValue] = [
            "id": .string(message.id), "threadId": .string(message.threadID),
            "labelIds": .array(message.labels.map(JSONValue.string)),
            "snippet": .string(message.snippet), "sizeEstimate": .int(source.utf8.count),
            "historyId": .string(historyID(message)),
            "internalDate": .string(String(message.internalDate)),
        ]
        switch format {
        case "raw":
            json["raw"] = .string(Base64URL.encode(source))
        case "metadata":
            var headers = message.headers(timeZone: timeZone)
            if !metadataHeaders.isEmpty {
                headers = headers.filter { header in
                    metadataHeaders.contains { $0.caseInsensitiveCompare(header.name) == .orderedSame }
                }
            }
            json["payload"] = [
                "partId": "", "mimeType": .string(message.html == nil ? "text/plain" : "multipart/alternative"),
                "filename": "",
                "headers": headerList(headers),
            ]
        case "full":
            json["payload"] = payload(message, timeZone: timeZone)
        default:
            break
        }
        return .object(json)
    }

    static func payload(_ message: MailMessage, timeZone: TimeZone) -> JSONValue {
        let headers = headerList(message.headers(timeZone: timeZone))
        guard let html = message.html else {
            return [
                "partId": "", "mimeType": "text/plain", "filename": "", "headers": headers, "body": body(message.text),
            ]
        }
        return [
            "partId": "", "mimeType": "multipart/alternative", "filename": "", "headers": headers, "body": ["size": 0],
            "parts": [
                part("0", "text/plain", message.text),
                part("1", "text/html", html),
            ],
        ]
    }

    static func part(_ id: String, _ type: String, _ text: String) -> JSONValue {
        [
            "partId": .string(id), "mimeType": .string(type), "filename": "",
            "headers": [["name": "Content-Type", "value": .string("\(type); charset=\"UTF-8\"")]], "body": body(text),
        ]
    }

    static func body(_ text: String) -> JSONValue {
        ["size": .int(text.utf8.count), "data": .string(Base64URL.encode(text))]
    }

    static func headerList(_ headers: [(name: String, value: String)]) -> JSONValue {
        .array(headers.map { ["name": .string($0.name), "value": .string($0.value)] })
    }

    static func historyID(_ message: MailMessage) -> String { String(message.internalDate / 1000 % 100_000_000) }

    /// A thread: its id and messages (oldest first).
    static func thread(_ messages: [MailMessage], format: String, metadataHeaders: [String], timeZone: TimeZone)
        -> JSONValue
    {
        [
            "id": .string(messages.first?.threadID ?? ""), "historyId": .string(messages.last.map(historyID) ?? "1"),
            "messages": .array(
                messages.map { message($0, format: format, metadataHeaders: metadataHeaders, timeZone: timeZone) }),
        ]
    }

    /// A draft with its message in `format`.
    static func draft(_ draft: MailDraft, format: String?, timeZone: TimeZone) -> JSONValue {
        let inner: JSONValue =
            if let format { message(draft.message, format: format, timeZone: timeZone) } else {
                [
                    "id": .string(draft.message.id), "threadId": .string(draft.message.threadID),
                    "labelIds": .array(draft.message.labels.map(JSONValue.string)),
                ]
            }
        return ["id": .string(draft.id), "message": inner]
    }

    static let formats = ["full", "metadata", "minimal", "raw"]
}
