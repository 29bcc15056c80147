// prod-check: a stand-in for Slack's Web API on loopback (port in argv[2]); every method answers ok.
require('http')
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          ok: true,
          url: 'https://prodcheck.slack.test/',
          team: 'Prodcheck',
          user: 'carteira',
          team_id: 'T0PRODCHK',
          user_id: 'U0PRODCHK',
          bot_id: 'B0PRODCHK',
          channels: [],
          members: [],
          response_metadata: {},
        }),
      );
    });
  })
  .listen(Number(process.argv[2]), '127.0.0.1');
