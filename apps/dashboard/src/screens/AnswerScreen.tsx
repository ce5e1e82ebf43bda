import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useSearch } from "wouter";
import { type AnswerOutcome, answerCallOut } from "../api/activation.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { LanguageSwitch } from "../layout/LanguageSwitch.tsx";

/**
 * A support person's answer to a call-out, opened from the link in a text message, on a phone,
 * without signing in (the link's signed, single-use token is the credential).
 */
export default function AnswerScreen({ activationId }: { activationId: string }) {
  const { messages } = useI18n();
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const [eta, setEta] = useState("");
  const etaId = useId();
  const answer = useMutation({
    mutationFn: (choice: "accept" | "decline") =>
      answerCallOut(
        activationId,
        choice === "accept"
          ? { token, answer: "accept", ...(eta === "" ? {} : { etaMinutes: Number(eta) }) }
          : { token, answer: "decline" },
      ),
  });
  const outcomeText: Record<AnswerOutcome, string> = {
    accepted: messages.answer.accepted,
    declined: messages.answer.declined,
    "already-answered": messages.answer.alreadyAnswered,
    "invalid-link": messages.answer.invalidLink,
  };
  const submit = (choice: "accept" | "decline") => (event?: FormEvent) => {
    event?.preventDefault();
    answer.mutate(choice);
  };

  return (
    <>
      <header className="app-header">
        <h1>{messages.appName}</h1>
        <LanguageSwitch />
      </header>
      <main className="answer">
        <h2>{messages.answer.heading}</h2>
        {token === "" ? (
          <p role="alert">{messages.answer.invalidLink}</p>
        ) : answer.isSuccess ? (
          <p role="status">{outcomeText[answer.data]}</p>
        ) : (
          <form onSubmit={submit("accept")}>
            <p>{messages.answer.intro}</p>
            <label htmlFor={etaId}>{messages.answer.eta}</label>
            <input
              id={etaId}
              type="number"
              inputMode="numeric"
              min={0}
              max={1440}
              value={eta}
              onChange={(event) => setEta(event.target.value)}
            />
            <div className="answer__buttons">
              <button type="submit" disabled={answer.isPending}>
                {messages.answer.accept}
              </button>
              <button type="button" disabled={answer.isPending} onClick={() => submit("decline")()}>
                {messages.answer.decline}
              </button>
            </div>
            {answer.isError && <p role="alert">{messages.answer.failed}</p>}
          </form>
        )}
      </main>
    </>
  );
}
