import Testing
@testable import OffboardStore

@Suite("Notice delivery backoff")
struct NoticeBackoffTests {
    @Test("A failed notice waits one minute, doubling after each failure, at most an hour; it is never given up")
    func table() {
        #expect((1...8).map { ActionStore.noticeBackoff(failures: $0) } == [60, 120, 240, 480, 960, 1920, 3600, 3600])
        #expect(ActionStore.noticeBackoff(failures: 1000) == 3600)
        #expect(ActionStore.noticeBackoff(failures: 0) == 60)
    }
}
