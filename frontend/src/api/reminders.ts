import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { assignmentKeys } from "./assignments";
import { api, call } from "./client";
import type { components } from "./schema";

export type ReminderSettings = components["schemas"]["ReminderSettings"];
export type ReminderChannel = ReminderSettings["channel"];
export type ReminderDelivery = components["schemas"]["ReminderDelivery"];

export const DELIVERY_KIND_LABELS: Record<ReminderDelivery["kind"], string> = {
  reminder: "Reminder",
  nudge: "Nudge",
};

export const DELIVERY_CHANNEL_LABELS: Record<ReminderDelivery["channel"], string> = {
  email: "Email",
  sms: "Text",
};

export const DELIVERY_STATUS_LABELS: Record<ReminderDelivery["status"], string> = {
  pending: "Pending",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  skipped: "Skipped",
};

export const reminderKeys = {
  client: (id: string) => ["reminders", id] as const,
};

/** Sets one assignment's reminders; every list that shows the assignment is fetched again. */
export function useSetReminders() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reminders }: { id: string; reminders: ReminderSettings }) =>
      call(() => api.PUT("/api/assignments/{id}/reminders", { params: { path: { id } }, body: reminders })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assignmentKeys.all }),
  });
}

/** A client's latest reminder deliveries, newest first (as the API sends them). */
export function useClientReminders(clientId: string) {
  return useQuery({
    queryKey: reminderKeys.client(clientId),
    queryFn: async () =>
      (await call(() => api.GET("/api/clients/{id}/reminders", { params: { path: { id: clientId } } }))).deliveries,
  });
}
