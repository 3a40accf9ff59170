/// The scenario's users by `sub` (the first of each `sub`), found through their places in the
/// scenario's list: a big scenario's users are not copied into a second table.
public struct UsersBySub: Sendable {
    private let list: [UserConfig]
    private let places: [String: Int]

    init(_ list: [UserConfig]) {
        var places: [String: Int] = [:]
        places.reserveCapacity(list.count)
        // read in place: copying each user out of the list retains all its values
        for place in list.indices where places[list[place].sub] == nil { places[list[place].sub] = place }
        self.list = list
        self.places = places
    }

    /// The user whose `sub` this is, if any.
    public subscript(sub: String) -> UserConfig? {
        places[sub].map { list[$0] }
    }

    /// Every user's `sub`.
    public var subs: Dictionary<String, Int>.Keys { places.keys }
}
