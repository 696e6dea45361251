package io.stepcast.tools.sequence;

/** How a session was taken out of the grammar, if at all. */
public enum Injection {
    /** A normal session drawn from the grammar. */
    NONE,
    /** A payment where no checkout (or address) precedes it. */
    PAY_WITHOUT_CHECKOUT,
    /** The session opens with a logout, before its login. */
    LOGOUT_BEFORE_LOGIN,
    /** An event type that no normal session contains. */
    UNSEEN_TOKEN,
    /** An event replayed two or three times where the grammar allows no repeat. */
    REPEATED_TRANSITION
}
