import Foundation
import GRDB
import Testing

@testable import FakeAuth0

@Suite("state database pages")
struct StatePageSizeTests {
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appending(path: "fake-auth0-pages-\(UUID().uuidString)").path
    }

    static func pageSize(_ store: StateStore) throws -> Int? {
        try store.database.read { try Int.fetchOne($0, sql: "PRAGMA page_size") }
    }

    @Test("a new state database has 16 KiB pages (a big scenario's vault rows go in faster)")
    func newDatabase() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore.onDisk(directory: directory)
        #expect(try Self.pageSize(store) == 16384)
        #expect(try store.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("a database made with SQLite's default pages keeps them and serves as before")
    func existingDatabase() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = StateStore.databasePath(in: directory)
        let older = try DatabaseQueue(path: path)
        try older.write { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
        try StateStore.migrator.migrate(older)
        try older.close()

        let store = try StateStore.onDisk(directory: directory)
        #expect(try Self.pageSize(store) == 4096)
        let account = BulkInsertTests.account("a1", token: "at-1", optionals: true)
        try store.insertVaultAccounts([account])
        #expect(try store.vaultAccount(accessToken: "at-1") == account)
    }
}
