import type { ComponentProps } from "react";
import { useSeatPreview } from "../../api/billing";
import { ConfirmPanel } from "../../components/ConfirmPanel";
import { seatPreviewWords } from "../billing/words";

type SeatConfirmProps = Omit<ComponentProps<typeof ConfirmPanel>, "detail" | "detailLive" | "confirmDisabled"> & {
  /** What the action does besides adding a seat, said before the price. */
  lead?: string;
};

/**
 * The confirmation before a change that adds a seat (an invitation, a reactivation): what the
 * seat costs, from Stripe's preview, before the request is sent. Confirming waits for the
 * preview; if it cannot be loaded, the person may still go ahead, since the server bills the
 * seat either way.
 */
export function SeatConfirm({ lead, ...panel }: SeatConfirmProps) {
  const preview = useSeatPreview(true);
  const price = preview.data
    ? seatPreviewWords(preview.data)
    : preview.isError
      ? "The price of an extra seat could not be loaded just now. You can still go ahead; the seat is billed like every other."
      : "Looking up what an extra seat costs…";
  return (
    <ConfirmPanel
      {...panel}
      detail={lead ? `${lead} ${price}` : price}
      detailLive
      confirmDisabled={preview.isPending}
    />
  );
}
