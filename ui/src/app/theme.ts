// Tandem's Mantine theme: defaults, with one primary colour.
import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
});
