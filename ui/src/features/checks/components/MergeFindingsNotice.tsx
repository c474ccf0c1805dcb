// After others' changes arrive, the plan checks run; this notice lists the findings on what
// arrived (as `tandem sync` prints them) with a way to the Checks view.
import { Alert, Button, List, Text } from "@mantine/core";
import { useMergeFindings } from "../hooks/useMergeFindings";
import { kindTitle } from "../utils/findings";

/** How many findings the notice lists; the Checks view has them all. */
const SHOWN = 5;

type Props = { currentProject: string; onOpenChecks: () => void };

export function MergeFindingsNotice({ currentProject, onOpenChecks }: Props) {
  const { byProject, dismiss } = useMergeFindings();
  const found = byProject[currentProject];
  if (found === undefined) return null;
  const n = found.findings.length;
  return (
    <Alert
      color="orange"
      variant="light"
      mb="md"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => dismiss(currentProject)}
      title={`Plan checks after the merge: ${n} finding${n === 1 ? "" : "s"} on what arrived`}
      data-testid="merge-findings-notice"
    >
      <List size="sm" spacing={2} mb="xs">
        {found.findings.slice(0, SHOWN).map((f) => (
          <List.Item key={`${f.kind}:${f.key}`} data-testid="merge-finding">
            <Text span size="sm" fw={600}>
              {kindTitle(f.kind)}:
            </Text>{" "}
            {f.message}
          </List.Item>
        ))}
      </List>
      {n > SHOWN && (
        <Text size="sm" mb="xs">
          … and {n - SHOWN} more.
        </Text>
      )}
      <Button
        size="xs"
        variant="light"
        data-testid="open-checks"
        onClick={() => {
          dismiss(currentProject);
          onOpenChecks();
        }}
      >
        Open the checks ({found.total} in the plan)
      </Button>
    </Alert>
  );
}
