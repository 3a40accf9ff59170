import FakeFGA
import Foundation
import Testing

@Suite struct FGAStoresTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let model = """
        model
          schema 1.1
        type user
        type group
          relations
            define member: [user]
        type doc
          relations
            define owner: [user]
            define viewer: [user, user:*, group#member] or owner
        """

    func makeStores() throws -> (FGAStores, String) {
        var stores = FGAStores()
        let store = try stores.createStore(name: "rag-sample", now: Self.now)
        try stores.writeModel(try FGADSLParser.parse(Self.model).model, store: store.id, now: Self.now)
        return (stores, store.id)
    }

    func write(_ stores: inout FGAStores, _ id: String, _ tuples: [String], deletes: [String] = [])
        throws
    {
        let request = FGAWire.WriteRequest(
            writes: tuples.isEmpty ? nil : .init(tupleKeys: tuples.map { FGAWire.TupleKey(tuple($0)) }),
            deletes: deletes.isEmpty ? nil : .init(tupleKeys: deletes.map { FGAWire.TupleKey(tuple($0)) })
        )
        try stores.write(request, store: id, now: Self.now)
    }

    @Test func duplicateAndMissingTuplesAreRefusedAsOpenFGA() throws {
        var (stores, id) = try makeStores()
        try write(&stores, id, ["doc:1#viewer@user:anne"])
        #expect(
            throws: FGAError(
                .validation, code: "write_failed_due_to_invalid_input",
                message:
                    "cannot write a tuple which already exists: user: 'user:anne', relation: 'viewer', object: 'doc:1': "
                    + "tuple to be written already existed or the tuple to be deleted did not exist")
        ) { try write(&stores, id, ["doc:1#viewer@user:anne"]) }
        #expect(throws: FGAError.self) {
            try write(&stores, id, [], deletes: ["doc:1#viewer@user:bob"])
        }
        #expect(
            throws: FGAError.validation(
                "Invalid tuple 'doc:1#viewer@group:eng'. Reason: type 'group' is not an allowed type restriction for "
                    + "'doc#viewer'")
        ) { try write(&stores, id, ["doc:1#viewer@group:eng"]) }
        #expect(throws: FGAError.typeNotFound("folder")) {
            try write(&stores, id, ["folder:1#viewer@user:anne"])
        }
        // A failed write leaves nothing behind.
        #expect(throws: FGAError.self) {
            try write(&stores, id, ["doc:2#viewer@user:anne", "doc:1#viewer@user:anne"])
        }
        #expect(try stores.store(id).tuples.count == 1)
        try write(&stores, id, ["doc:2#viewer@user:anne"], deletes: ["doc:1#viewer@user:anne"])
        #expect(try stores.store(id).tuples.tuples == [tuple("doc:2#viewer@user:anne")])
    }

    @Test func readPagesInWriteOrderAndChangesListEveryOperation() throws {
        var (stores, id) = try makeStores()
        try write(&stores, id, (1...5).map { "doc:\($0)#viewer@user:anne" })
        try write(&stores, id, [], deletes: ["doc:3#viewer@user:anne"])
        let first = try stores.read(FGAWire.ReadRequest(pageSize: 3), store: id)
        #expect(first.tuples.map(\.key.object) == ["doc:1", "doc:2", "doc:4"])
        let second = try stores.read(
            FGAWire.ReadRequest(pageSize: 3, continuationToken: first.continuationToken), store: id)
        #expect(second.tuples.map(\.key.object) == ["doc:5"])
        #expect(second.continuationToken == "")
        #expect(throws: FGAError.self) { try stores.read(FGAWire.ReadRequest(pageSize: 0), store: id) }
        #expect(throws: FGAError.invalidContinuationToken) {
            try stores.read(FGAWire.ReadRequest(continuationToken: "bogus"), store: id)
        }
        let changes = try stores.changes(
            store: id, type: "doc", pageSize: 10, continuationToken: nil, startTime: nil)
        #expect(changes.changes.count == 6)
        #expect(changes.changes.last?.operation == "TUPLE_OPERATION_DELETE")
    }

    @Test func batchCheckAnswersPerCorrelationID() throws {
        var (stores, id) = try makeStores()
        try write(&stores, id, ["doc:public#viewer@user:*", "doc:1#owner@user:anne"])
        func item(_ query: String, _ correlation: String) -> FGAWire.BatchCheckRequest.Item {
            let key = tuple(query)
            return .init(
                tupleKey: .init(user: key.user, relation: key.relation, object: key.object),
                correlationId: correlation)
        }
        let answer = try stores.batchCheck(
            .init(checks: [
                item("doc:1#viewer@user:anne", "a"), item("doc:1#viewer@user:bob", "b"),
                item("doc:public#viewer@user:bob", "c"), item("doc:1#nope@user:bob", "d"),
            ]),
            store: id)
        #expect(answer.result["a"]?.allowed == true)
        #expect(answer.result["b"]?.allowed == false)
        #expect(answer.result["c"]?.allowed == true)
        #expect(answer.result["d"]?.error?.inputError == "relation_not_found")
        #expect(throws: FGAError.self) {
            try stores.batchCheck(
                .init(checks: [item("doc:1#viewer@user:anne", "x"), item("doc:1#owner@user:anne", "x")]),
                store: id)
        }
    }

    @Test func listObjectsListUsersAndExpand() throws {
        var (stores, id) = try makeStores()
        try write(
            &stores, id,
            [
                "doc:public#viewer@user:*", "doc:1#owner@user:anne", "doc:2#viewer@group:eng#member",
                "group:eng#member@user:bob",
            ])
        let anne = try stores.listObjects(
            .init(type: "doc", relation: "viewer", user: "user:anne"), store: id)
        #expect(anne == ["doc:1", "doc:public"])
        let bob = try stores.listObjects(
            .init(type: "doc", relation: "viewer", user: "user:bob"), store: id)
        #expect(bob == ["doc:2", "doc:public"])
        let users = try stores.listUsers(
            .init(
                object: .init(type: "doc", id: "2"), relation: "viewer", userFilters: [.init(type: "user")]),
            store: id)
        #expect(users.compactMap(\.object?.id) == ["bob"])
        let publicUsers = try stores.listUsers(
            .init(
                object: .init(type: "doc", id: "public"), relation: "viewer",
                userFilters: [.init(type: "user")]),
            store: id)
        #expect(publicUsers.compactMap(\.wildcard?.type) == ["user"])
        let tree = try stores.expand(
            .init(tupleKey: .init(relation: "viewer", object: "doc:2")), store: id)
        #expect(tree.union?.nodes.first?.leaf?.users?.users == ["group:eng#member"])
        #expect(tree.union?.nodes.last?.leaf?.computed?.userset == "doc:2#owner")
    }

    @Test func modelsAreListedNewestFirstAndTheLatestIsTheDefault() throws {
        var (stores, id) = try makeStores()
        let second = try stores.writeModel(
            try FGADSLParser.parse(
                "model\n  schema 1.1\ntype user\ntype doc\n  relations\n    define viewer: [user]\n"
            )
            .model,
            store: id, now: Self.now)
        let listed = try stores.listModels(store: id, pageSize: nil, continuationToken: nil)
        #expect(listed.authorizationModels.first?.id == second)
        #expect(try stores.store(id).model(nil).id == second)
        #expect(throws: FGAError.modelNotFound("01ARZ3NDEKTSV4RRFFQ69G5FAV")) {
            try stores.store(id).model("01ARZ3NDEKTSV4RRFFQ69G5FAV")
        }
        #expect(throws: FGAError.storeNotFound) { try stores.store("01ARZ3NDEKTSV4RRFFQ69G5FAV") }
    }
}

@Suite struct FGAIdentifierTests {
    @Test func timestampsAreRFC3339InUTCWithMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.25)
        #expect(FGATimestamp.format(date) == "2027-01-15T08:00:00.250Z")
        #expect(FGATimestamp.parse("2027-01-15T08:00:00.250Z") == date)
        #expect(
            FGATimestamp.parse("2027-01-15T08:00:00Z") == Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func ulidsSortByTimeAndUseCrockfordBase32() {
        let first = FGAULID.make(time: Date(timeIntervalSince1970: 1_800_000_000))
        let second = FGAULID.make(time: Date(timeIntervalSince1970: 1_800_000_001))
        #expect(FGAULID.isValid(first) && FGAULID.isValid(second))
        #expect(first.prefix(10) < second.prefix(10))
        #expect(!FGAULID.isValid("01JFGA0RAG0STREE000000000I"))
        #expect(!FGAULID.isValid("short"))
    }
}
