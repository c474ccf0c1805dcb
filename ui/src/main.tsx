// Entry point: Mantine's stylesheets, then the app into #root.
import "@mantine/core/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/spotlight/styles.css";
import "@mantine/notifications/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
