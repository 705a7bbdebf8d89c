import {memo} from 'react';
import {Box, Text} from 'ink';
import {paint, type ColorDepth} from '../../text/style.js';
import type {Lines as LineList} from '../views/common.js';

/** One <Text> per screen row: a row whose painted string did not change is not re-rendered by React. */
const Row = memo(function Row({text}: {text: string}) {
  return <Text wrap="truncate">{text}</Text>;
});

export function Lines({lines, depth}: {lines: LineList; depth: ColorDepth}) {
  return (
    <Box flexDirection="column">
      {lines.map((runs, i) => (
        <Row key={i} text={paint(runs, depth)} />
      ))}
    </Box>
  );
}
