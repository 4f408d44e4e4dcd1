/**
 * Everything the bot says to residents, in plain English. Keep sentences short; say what
 * happens next; avoid jargon such as "stage 1" without saying what it means.
 */
export const en = {
  errors: {
    generic: "Sorry, something went wrong on our side. Please try again in a moment. Nothing you've told us so far has been lost.",
    databaseDown:
      "Sorry, we can't save anything right now because our system is having a problem. Please try again in a few minutes.",
  },
  placeholder: {
    welcome:
      "Hello, I'm the council's feedback assistant. You can tell me about a problem, make a complaint, or leave a comment or compliment.",
    received: (count: number) =>
      `Thanks, I've noted that. That's message ${count} in this conversation. The full service is coming soon.`,
  },
} as const;

export type Strings = typeof en;
