/// The dependency order of a playbook's actions.
public enum ActionOrder {
    /// A cycle of `after:` dependencies, as ids from the first back to itself, or `nil`.
    public static func cycle(in actions: [ActionSpec]) -> [String]? {
        let deps = Dictionary(actions.map { ($0.id, $0.after) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ id: String) -> [String]? {
            if state[id] == 2 { return nil }
            if state[id] == 1 {
                let start = stack.firstIndex(of: id) ?? 0
                return Array(stack[start...]) + [id]
            }
            state[id] = 1
            stack.append(id)
            for d in deps[id] ?? [] where deps[d] != nil {
                if let c = visit(d) { return c }
            }
            stack.removeLast()
            state[id] = 2
            return nil
        }
        for a in actions { if let c = visit(a.id) { return c } }
        return nil
    }
}
