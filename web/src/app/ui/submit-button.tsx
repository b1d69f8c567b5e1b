/** A form's primary button, disabled and relabelled while the form's action runs. */
export function SubmitButton({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}
