// The homework pages' entry (homework.html): a bundle of its own, nothing of the staff app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HomeworkApp } from "./HomeworkApp";
import { registerOfflineShell } from "./worker";
import "./homework.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <HomeworkApp path={window.location.pathname} />
  </StrictMode>,
);

registerOfflineShell();
