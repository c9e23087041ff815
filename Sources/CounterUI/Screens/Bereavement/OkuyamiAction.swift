/// The keys of the おくやみ screens, grouped under `Action.okuyami`.
public enum OkuyamiAction: Hashable, Sendable {
    /// Open the おくやみ screens (from the start screen).
    case open
    /// Run what the focused field asks: search, open a case, confirm dates.
    case submit
    /// Confirm the whole screen (the dates: open the case).
    case confirm
    /// Move to the next / previous input field.
    case nextField, previousField
    /// Set the selected checklist item's status.
    case mark(OkuyamiMark)
    /// Print the family handout (お手続き一覧).
    case printHandout
    /// Open the selected item's linked form, pre-filled with the applicant.
    case openForm
    /// Show the selected item's documents, counter and reason in a popup.
    case details
    /// Choose the next answer to the selected item's open question (the checklist's F7).
    case nextAnswer
    /// Print the pre-filled form on the form screen.
    case printForm
}

/// A status the clerk can give a checklist item (the case store's `CaseItemStatus`, named for keys).
public enum OkuyamiMark: String, Hashable, Sendable, CaseIterable {
    case done, notApplicable, later, todo
}
