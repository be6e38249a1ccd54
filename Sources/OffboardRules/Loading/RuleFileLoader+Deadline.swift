import OffboardCore

extension RuleFileLoader {
    /// Reads a `deadline:` value:
    ///
    /// ```yaml
    /// deadline: immediate
    /// deadline: none
    /// deadline: { from: separation_date, add: { calendar_days: 6 }, roll: next_business_day }
    /// deadline: { next_payday: pay_period, roll: none }
    /// deadline: { later_of: [ …, … ] }
    /// ```
    static func readDeadline(_ r: DocumentReader) -> DeadlineExpression? {
        if let word = r.node.string {
            switch word {
            case "immediate": return .immediate
            case "none": return .noDeadline
            default:
                var message = "unknown deadline '\(word)'"
                if let guess = closestMatch(to: word, in: ["immediate", "none"]) { message += "; did you mean '\(guess)'?" }
                r.error(message + " (a deadline is 'immediate', 'none', or a mapping with from, next_payday, earlier_of or later_of)")
                return nil
            }
        }
        guard let members = r.node.members else {
            r.error("expected a deadline (immediate, none, or a mapping), found \(r.node.kindDescription)")
            return nil
        }
        let shapes = ["from", "next_payday", "earlier_of", "later_of"].filter { key in members.contains { $0.key == key } }
        guard shapes.count == 1 else {
            r.error(
                shapes.isEmpty
                    ? "a deadline mapping needs one of: from, next_payday, earlier_of, later_of"
                    : "a deadline has exactly one of from, next_payday, earlier_of, later_of; found \(shapes.joined(separator: " and "))")
            return nil
        }
        switch shapes[0] {
        case "from": return readOffsetDeadline(r)
        case "next_payday":
            return readNextPayday(r)
        default:
            let key = shapes[0]
            guard let o = r.object("deadline", allowed: [key]), let list = o.required(key)?.list(key) else { return nil }
            guard list.count >= 2 else {
                o.required(key)?.error("\(key) needs at least two deadlines to compare")
                return nil
            }
            let parts = list.map { readDeadline($0) }
            for (part, item) in zip(parts, list) where part == .some(.noDeadline) {
                item.error("'none' cannot be compared in \(key)")
            }
            let valid = parts.compactMap { $0 }
            guard valid.count == parts.count else { return nil }
            return key == "earlier_of" ? .earlierOf(valid) : .laterOf(valid)
        }
    }

    static func readNextPayday(_ r: DocumentReader) -> DeadlineExpression? {
        guard let o = r.object("deadline", allowed: ["next_payday", "of", "on_or_after", "roll"]) else { return nil }
        let basis = o.required("next_payday")?.oneOf(NextPaydayBasis.self, "next_payday basis")
        var of: Anchor? = .separationDate
        if let a = o.optional("of") {
            of = readAnchor(a)
            if let anchor = of, anchor != .separationDate, anchor != .lastDayWorked {
                a.error("next_payday counts from a date in a pay period: 'of' is separation_date or last_day_worked")
                of = nil
            }
        }
        var onOrAfter: DeadlineExpression?
        var onOrAfterOK = true
        if let nested = o.optional("on_or_after") {
            onOrAfter = readDeadline(nested)
            onOrAfterOK = onOrAfter != nil
            if basis != nil && basis != .firstOnOrAfter {
                nested.error("on_or_after goes with next_payday: first_on_or_after")
            }
            if onOrAfter == .some(.noDeadline) { nested.error("on_or_after needs a date, not 'none'") }
        } else if basis == .firstOnOrAfter {
            r.error("next_payday: first_on_or_after needs 'on_or_after' (the date the payday must not precede)")
            onOrAfterOK = false
        }
        var roll: Roll?
        if let rr = o.optional("roll") {
            roll = rr.oneOf(Roll.self, "roll")
        } else {
            r.error("next_payday needs 'roll' (none | next_business_day | previous_business_day): say what happens when the payday is not a business day")
        }
        guard let basis, let of, let roll, onOrAfterOK else { return nil }
        return .nextPayday(NextPayday(basis: basis, of: of, onOrAfter: onOrAfter, roll: roll))
    }

    static func readOffsetDeadline(_ r: DocumentReader) -> DeadlineExpression? {
        guard let o = r.object("deadline", allowed: ["from", "add", "roll", "on_invalid_date"]) else { return nil }
        let anchor = o.required("from").flatMap(readAnchor)
        var offset: Offset?
        if let a = o.optional("add") { offset = readOffset(a) }
        let roll = o.optional("roll").map { $0.oneOf(Roll.self, "roll") }
        let policy = o.optional("on_invalid_date").map { $0.oneOf(InvalidDatePolicy.self, "on_invalid_date policy") }
        guard let anchor, o.optional("add") == nil || offset != nil, roll != .some(nil), policy != .some(nil) else {
            return nil
        }
        let rollValue = roll ?? nil
        let policyValue = policy ?? nil
        switch offset {
        case .hours?, .businessHours?:
            if !anchor.isInstant {
                o.required("from")?.error(
                    "hours count elapsed time from an instant; '\(anchor)' is a date (use separation, notice_given or completion_of)")
            }
            if rollValue != nil { o.optional("roll")?.error("roll does not apply to an hours deadline, which ends at an instant") }
        case .businessDays?:
            if rollValue != nil { o.optional("roll")?.error("roll does not apply to business_days, which always end on a business day") }
        case .months?, .years?:
            if policyValue == nil {
                r.error("'\(offset!)' can land on a day that does not exist (Jan 31 + 1 month); add on_invalid_date: reject | last_day_of_month | first_day_of_next_month")
            }
            if rollValue == nil { r.error("a \(offset!) deadline needs 'roll' (none | next_business_day | previous_business_day)") }
        case .calendarDays?:
            if rollValue == nil { r.error("a calendar_days deadline needs 'roll' (none | next_business_day | previous_business_day)") }
        case nil:
            if anchor.isInstant && rollValue != nil { o.optional("roll")?.error("roll does not apply to an instant") }
        }
        if policyValue != nil, !(offset.map { if case .months = $0 { true } else if case .years = $0 { true } else { false } } ?? false) {
            o.optional("on_invalid_date")?.error("on_invalid_date applies only to months and years")
        }
        return .offset(anchor: anchor, add: offset, roll: rollValue, onInvalidDate: policyValue)
    }

    static func readAnchor(_ r: DocumentReader) -> Anchor? {
        if let name = r.node.string {
            if let anchor = Anchor.simpleNames[name] { return anchor }
            var message = "unknown anchor '\(name)'"
            let names = Array(Anchor.simpleNames.keys).sorted() + ["completion_of"]
            if let guess = closestMatch(to: name, in: names) {
                message += "; did you mean '\(guess)'?"
            } else {
                message += " (expected one of: \(names.joined(separator: ", ")))"
            }
            r.error(message)
            return nil
        }
        guard let o = r.object("anchor", allowed: ["completion_of"]),
            let kind = o.required("completion_of")?.oneOf(ObligationKind.self, "obligation kind")
        else { return nil }
        return .completionOf(kind)
    }

    static func readOffset(_ r: DocumentReader) -> Offset? {
        guard let o = r.object("add", allowed: Offset.unitNames) else { return nil }
        guard o.members.count == 1, let member = o.members.first else {
            r.error("add takes exactly one unit (\(Offset.unitNames.joined(separator: ", "))); units are never mixed")
            return nil
        }
        guard let n = o.optional(member.key)?.integer(in: 0...100_000) else { return nil }
        switch member.key {
        case "hours": return .hours(n)
        case "business_hours": return .businessHours(n)
        case "calendar_days": return .calendarDays(n)
        case "business_days": return .businessDays(n)
        case "months": return .months(n)
        default: return .years(n)
        }
    }
}
