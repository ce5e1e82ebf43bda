import { type FormEventHandler, type ReactNode, useId } from "react";
import { type FieldValues, FormProvider, type UseFormReturn } from "react-hook-form";

/**
 * A contract form's frame: the react-hook-form provider the fields read, and a `<form>` named by
 * its heading (browser tests and screen readers find it as role "form" by that name).
 */
export function FormFrame<Values extends FieldValues, Output>({
  form,
  onSubmit,
  heading,
  level = 3,
  className = "form",
  children,
}: {
  form: UseFormReturn<Values, unknown, Output>;
  onSubmit: FormEventHandler<HTMLFormElement>;
  heading: ReactNode;
  level?: 3 | 4 | 5;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  const Heading = `h${level}` as const;
  return (
    <FormProvider {...form}>
      <form className={className} onSubmit={onSubmit} aria-labelledby={id} noValidate>
        <Heading id={id}>{heading}</Heading>
        {children}
      </form>
    </FormProvider>
  );
}
