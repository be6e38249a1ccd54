import Foundation

/// `map` over the machine's cores, keeping order. For pure work (parsing, planning) on large batches.
func parallelMap<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(items.count / 64, 1))
    guard workers > 1 else { return items.map(transform) }
    let results = ResultSlots<U>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var i = worker
        while i < items.count {
            results.set(i, transform(items[i]))
            i += workers
        }
    }
    return results.values
}

/// Slots each written by exactly one worker, read after all have finished.
private final class ResultSlots<U>: @unchecked Sendable {
    private var slots: [U?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: U) { slots.withUnsafeMutableBufferPointer { $0[i] = value } }
    var values: [U] { slots.map { $0! } }
}

/// A bounded hand-off between one producer thread and one consumer: `nil` ends the stream.
final class Handoff<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T?] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ item: T?) {
        condition.lock()
        while items.count >= capacity { condition.wait() }
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func take() -> T? {
        condition.lock()
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.signal()
        condition.unlock()
        return item
    }
}
